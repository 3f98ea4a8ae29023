/**
 * Is the map drawn without a GPU? WebGL in software (SwiftShader, llvmpipe, Microsoft Basic Render Driver: a VM,
 * a headless browser, a screen PC without drivers) costs the main thread tens to hundreds of milliseconds per frame
 * at wall sizes; animating the pulses there starves everything else (measured: frames reached the wall's counters
 * seconds late at 200 events/s). The wall then draws the rings without animation, at each map update.
 */

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render driver|mesa offscreen/i;

export function isSoftwareRenderer(renderer: string | null): boolean {
  return renderer !== null && SOFTWARE.test(renderer);
}

/** The WebGL renderer's name in this browser (null when WebGL or the debug extension is unavailable). */
export function webglRenderer(doc: Document): string | null {
  try {
    const gl = doc.createElement('canvas').getContext('webgl2') ?? doc.createElement('canvas').getContext('webgl');
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return typeof name === 'string' ? name : null;
  } catch {
    return null;
  }
}
