// TypeDoc plugin of the API reference (typedoc.json, make docs): the two rules
// of CONTRIBUTING.md's *API reference* that TypeDoc's own validation cannot
// say.
//
// 1. Generated declarations are documented at their top level only. Each
//    export of a generated file (GENERATED) needs a doc comment, as any other
//    export, and so does each generated declaration named there; their
//    members do not: they are the spec's (openapi-typescript writes the
//    spec's summaries and descriptions where it has them) or wasm-bindgen's
//    raw exports, not ours to document. They are added to TypeDoc's
//    intentionallyNotDocumented list, so `validation.notDocumented` stays on
//    for everything else.
// 2. Every class, function and method outside them has an `@example`
//    (a validation warning otherwise, an error with treatWarningsAsErrors).
import { Application, Converter, DeclarationReflection, ReflectionKind } from 'typedoc';

/** Generated files (all of their exports), or one declaration of a file. */
const GENERATED = [
  { file: 'partner-api.d.ts' }, // openapi-typescript (api/generate.mjs)
  { file: 'zaehlerfreunde_auth.d.ts', name: 'InitOutput' }, // wasm-bindgen: the module's raw exports
];

/** The declaration `r` belongs to: its ancestor (or itself) whose parent is a module. */
function topLevel(r) {
  while (r.parent && !r.parent.kindOf(ReflectionKind.Module | ReflectionKind.Project)) r = r.parent;
  return r;
}

function generated(top) {
  const file = top.sources?.[0]?.fullFileName ?? '';
  return GENERATED.some((g) => file.endsWith(`/${g.file}`) && (g.name === undefined || g.name === top.name));
}

function underParameter(r) {
  for (let p = r.parent; p; p = p.parent) if (p.kindOf(ReflectionKind.Parameter)) return true;
  return false;
}

/** @param {Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const kinds = app.options.getValue('requiredToBeDocumented').reduce((all, kind) => all | ReflectionKind[kind], 0);
    const exempt = new Set();
    for (const r of Object.values(context.project.reflections)) {
      const top = topLevel(r);
      if (r === top || !generated(top)) continue;
      if (r instanceof DeclarationReflection && r.kindOf(kinds) && !r.hasComment() && !underParameter(r)) {
        exempt.add(r.getFriendlyFullName());
      }
    }
    const listed = app.options.getValue('intentionallyNotDocumented');
    app.options.setValue('intentionallyNotDocumented', [...listed, ...exempt]);
  });

  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    const kinds = ReflectionKind.Class | ReflectionKind.Function | ReflectionKind.Method;
    for (const r of project.getReflectionsByKind(kinds)) {
      if (generated(topLevel(r))) continue;
      const comments = [r.comment, ...(r.signatures ?? []).map((s) => s.comment)];
      if (!comments.some((c) => c?.getTag('@example'))) {
        app.logger.validationWarning(`${r.getFriendlyFullName()} (${ReflectionKind[r.kind]}) has no @example`);
      }
    }
  });
}
