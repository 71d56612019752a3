// A vitest reporter that writes every test's outcome, and the errors raised outside any test,
// to the file run.mjs names in CONFORMANCE_OUTCOMES, for it to judge against storageTests.mjs.
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

function* testsOf(task, names) {
  if (task.type === "test") {
    yield { task, names: [...names, task.name] };
    return;
  }
  for (const child of task.tasks ?? []) {
    // The file is itself a suite named by its path; the key names it once, by file name.
    const isFile = task.filepath !== undefined;
    yield* testsOf(child, task.type === "suite" && !isFile ? [...names, task.name] : names);
  }
}

function firstLine(error) {
  const text = error?.message ?? String(error);
  return text.split("\n")[0];
}

export default class OutcomeReporter {
  onFinished(files = [], errors = []) {
    const tests = [];
    const fileErrors = [];
    for (const file of files) {
      const fileName = basename(file.filepath ?? file.name);
      for (const error of file.result?.errors ?? []) {
        fileErrors.push({ file: fileName, error: firstLine(error) });
      }
      for (const { task, names } of testsOf(file, [])) {
        tests.push({
          key: `${fileName} > ${names.join(" > ")}`,
          state: task.result?.state ?? (task.mode === "run" ? "not run" : "skip"),
          error: task.result?.errors?.length ? firstLine(task.result.errors[0]) : undefined,
        });
      }
    }
    const outcomesFile = process.env.CONFORMANCE_OUTCOMES ?? join(here, "target", "outcomes.json");
    mkdirSync(dirname(outcomesFile), { recursive: true });
    writeFileSync(
      outcomesFile,
      JSON.stringify({ tests, fileErrors, unhandledErrors: errors.map(firstLine) }, null, 1),
    );
  }
}
