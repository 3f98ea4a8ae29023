import { describe, expect, it } from 'vitest';
import { SOFTWARE_TAP_MS, tapRecognizerOptions } from './tap-options';

describe('tapRecognizerOptions', () => {
  it('lets a press last SOFTWARE_TAP_MS on software WebGL', () => {
    expect(tapRecognizerOptions('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toEqual({ click: { time: SOFTWARE_TAP_MS } });
    expect(tapRecognizerOptions('llvmpipe (LLVM 15.0.6, 256 bits)')).toEqual({ click: { time: SOFTWARE_TAP_MS } });
  });
  it("keeps deck.gl's defaults on a GPU or when the renderer is unknown", () => {
    expect(tapRecognizerOptions('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toEqual({});
    expect(tapRecognizerOptions(null)).toEqual({});
  });
});
