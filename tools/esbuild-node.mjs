// The esbuild settings shared by every bundle that runs on Node (the server, the benchmark): our TypeScript and the
// @gridlens/* libs (through the tsconfig path aliases) inlined; node_modules left as imports, except JSON data
// files, which are bundled (Node 20 would need import attributes for them).
export const nodeBundle = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  tsconfig: 'tsconfig.base.json',
  logLevel: 'warning',
  plugins: [
    {
      name: 'external-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@gridlens/') || args.path.endsWith('.json') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
};
