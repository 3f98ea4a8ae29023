/// <reference types="svelte" />
import { normalisePath } from './router';

/**
 * The current location as state: `path` and `search` follow history.pushState (navigate) and the browser's
 * back/forward (popstate). Pages read `router.path` to choose what to show, and may keep their own state in the
 * query string with `replaceSearch` (history.replaceState: no new history entry per change).
 */
export class Router {
  path = $state('/');
  search = $state('');

  constructor(private readonly win: Window | null = typeof window === 'undefined' ? null : window) {
    if (!win) return;
    this.read();
    win.addEventListener('popstate', () => this.read());
  }

  /** Go to a page (`/explore?…`), adding a history entry; the page's own query string travels with it. */
  navigate(url: string): void {
    if (!this.win) return;
    if (url === this.win.location.pathname + this.win.location.search) return;
    this.win.history.pushState(null, '', url);
    this.read();
  }

  /** Replace the query string of the current page (no history entry). `search` without or with its `?`. */
  replaceSearch(search: string): void {
    if (!this.win) return;
    const s = search && !search.startsWith('?') ? `?${search}` : search;
    if (s === this.win.location.search) return;
    this.win.history.replaceState(null, '', `${this.win.location.pathname}${s}${this.win.location.hash}`);
    this.search = this.win.location.search;
  }

  private read(): void {
    if (!this.win) return;
    this.path = normalisePath(this.win.location.pathname);
    this.search = this.win.location.search;
  }
}

export const router = new Router();
