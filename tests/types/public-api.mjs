// The package's public API as the compiler sees it, for the `any` check of
// public-api.test.mjs: every export of each entry point of pkg/ and, from
// there, every type a consumer can reach (members, parameters, return types,
// type arguments, union members), by TypeScript's own checker.
import ts from 'typescript';

/** Internal to wasm-bindgen's glue: the raw wasm exports, typed `any` by it. */
const INTERNAL = new Set(['InitOutput']);

/**
 * Where `any` appears in the public API reachable from `entries` (module
 * specifiers resolved from `dir`): one line per occurrence, naming the path
 * that reaches it, e.g. `zaehlerfreunde-auth.ZaehlerfreundeAuth.getUser()`.
 */
export function anyInPublicApi(dir, entries) {
  const file = `${dir}/__public_api__.ts`;
  const source = entries.map((e, i) => `export * as e${i} from '${e}';`).join('\n');
  const options = {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile;
  host.readFile = (name) => (name === file ? source : readFile(name));
  const fileExists = host.fileExists;
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  const checker = program.getTypeChecker();
  const found = new Set();
  // What the DOM and ES libs declare (RequestInit's body: ReadableStream<any>, …)
  // is the platform's API, not this package's, as what React's and Vue's types
  // declare (ReactElement<any, any>, …) is theirs; a lib or framework type
  // this package names with arguments (Promise<any>) is still checked.
  const inLib = (node) => Boolean(node)
    && /[\\/]typescript[\\/]lib[\\/]lib\.|[\\/]node_modules[\\/](@types[\\/]react|@vue|vue)[\\/]/.test(node.getSourceFile().fileName);
  const seen = new Set();

  const visitType = (type, path, depth, parent) => {
    if (type.flags & ts.TypeFlags.Any) {
      found.add(process.env.DEBUG_ANY ? `${path} in ${checker.typeToString(parent)}` : path);
      return;
    }
    if (depth > 12 || seen.has(type)) return;
    seen.add(type);
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (symbol && INTERNAL.has(symbol.getName())) return;
    if (type.aliasSymbol && inLib(type.aliasSymbol.declarations?.[0])) {
      // A lib alias (BodyInit, Record<K, V>, …): only the arguments given here.
      for (const t of type.aliasTypeArguments ?? []) visitType(t, `${path}<>`, depth + 1, type);
      return;
    }
    if (type.isUnionOrIntersection()) type.types.forEach((t, i) => visitType(t, `${path}|${i}`, depth + 1, type));
    for (const t of type.aliasTypeArguments ?? []) visitType(t, `${path}<>`, depth + 1, type);
    if (type.flags & ts.TypeFlags.Object) {
      if (type.objectFlags & ts.ObjectFlags.Reference) {
        checker.getTypeArguments(type).forEach((t, i) => visitType(t, `${path}<${i}>`, depth + 1, type));
      }
      for (const signature of [...type.getCallSignatures(), ...type.getConstructSignatures()]) {
        if (!inLib(signature.getDeclaration())) visitSignature(signature, path, depth);
      }
      for (const property of checker.getPropertiesOfType(type)) {
        const decl = property.valueDeclaration ?? property.declarations?.[0];
        if (inLib(decl)) continue;
        const propertyType = decl ? checker.getTypeOfSymbolAtLocation(property, decl) : checker.getTypeOfSymbol(property);
        visitType(propertyType, `${path}.${property.getName()}`, depth + 1, type);
      }
      for (const info of checker.getIndexInfosOfType(type)) visitType(info.type, `${path}[]`, depth + 1);
    }
  };
  const visitSignature = (signature, path, depth) => {
    for (const parameter of signature.getParameters()) {
      const decl = parameter.valueDeclaration;
      visitType(checker.getTypeOfSymbolAtLocation(parameter, decl), `${path}(${parameter.getName()})`, depth + 1);
    }
    visitType(signature.getReturnType(), `${path}()`, depth + 1);
  };

  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length) throw new Error(ts.formatDiagnostics(diagnostics, host));
  // The file is the program's root, a module: it has a source file and a symbol.
  const root = /** @type {ts.Symbol} */ (checker.getSymbolAtLocation(/** @type {ts.SourceFile} */ (program.getSourceFile(file))));
  for (const [i, namespace] of checker.getExportsOfModule(root).entries()) {
    for (const symbol of checker.getExportsOfModule(checker.getAliasedSymbol(namespace).valueDeclaration ? checker.getAliasedSymbol(namespace) : namespace)) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      if (INTERNAL.has(target.getName())) continue;
      const path = `${entries[i]}.${symbol.getName()}`;
      if (target.flags & ts.SymbolFlags.Value) {
        visitType(checker.getTypeOfSymbol(target), path, 0);
      }
      if (target.flags & ts.SymbolFlags.Type) {
        visitType(checker.getDeclaredTypeOfSymbol(target), `${path}:type`, 0);
      }
    }
  }
  return [...found].sort();
}
