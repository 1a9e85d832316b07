// React ships CommonJS only, which the test server cannot serve as ES modules
// with named exports. This plugin bundles React and React DOM once with esbuild
// (one copy of React for both) and serves thin ES modules in their place.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';

const modules = { react: 'React', 'react-dom': 'ReactDOM', 'react-dom/client': 'ReactDOMClient' };
const isIdentifier = (name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default';

export function reactEsmPlugin() {
  let vendor;
  return {
    name: 'react-esm',
    resolveImport({ source }) {
      if (source in modules) return `/__react/${source.replace('/', '-')}.js`;
      return undefined;
    },
    async serve(context) {
      if (context.path === '/__react/vendor.js') {
        vendor ??= build({
          stdin: {
            contents: Object.entries(modules)
              .map(([specifier, name]) => `export * as ${name} from '${specifier}';`)
              .join('\n'),
            resolveDir: process.cwd(),
          },
          bundle: true,
          format: 'esm',
          write: false,
          define: { 'process.env.NODE_ENV': '"development"' },
        }).then((result) => result.outputFiles[0].text);
        return { body: await vendor, type: 'js' };
      }
      const match = /^\/__react\/(.+)\.js$/.exec(context.path);
      const specifier = match && Object.keys(modules).find((s) => s.replace('/', '-') === match[1]);
      if (!specifier) return undefined;
      const name = modules[specifier];
      // Read in a child process: React logs on load, and the test runner owns this console.
      const names = JSON.parse(
        execFileSync(process.execPath, ['-p', `JSON.stringify(Object.keys(require('${specifier}')))`], {
          encoding: 'utf8',
        }),
      ).filter(isIdentifier);
      return {
        body: `import { ${name} } from '/__react/vendor.js';\nconst m = ${name}.default ?? ${name};\nexport default m;\nexport const { ${names.join(', ')} } = m;\n`,
        type: 'js',
      };
    },
  };
}
