import { describe, expect, it } from 'vitest';
import { deploymentLanguage } from './deployment-language';

const docWith = (content: string | null) => ({
  querySelector: (selector: string) =>
    selector === 'meta[name="gridlens-language"]' && content !== null ? ({ getAttribute: (name: string) => (name === 'content' ? content : null) } as unknown as Element) : null,
});

describe('deploymentLanguage', () => {
  it('reads the language the server wrote into index.html', () => {
    expect(deploymentLanguage(docWith('en'))).toBe('en');
    expect(deploymentLanguage(docWith('zh'))).toBe('zh');
  });
  it('is null without the tag, with an unknown language, or outside a browser', () => {
    expect(deploymentLanguage(docWith(null))).toBeNull();
    expect(deploymentLanguage(docWith('fr'))).toBeNull();
    expect(deploymentLanguage(null)).toBeNull();
  });
});
