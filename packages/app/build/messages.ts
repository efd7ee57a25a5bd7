// The app's messages, read from its code: every `t("…")` call's English text (the message and its identifier).
// Used by the catalog test (each language has every message, no stale one, the same values) and by translators:
// `node build/messages.ts fr` prints what the French catalog lacks.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

const SOURCE = join(import.meta.dirname, "..", "src");

/** Where a message is used: file and line, for a translator's context and for errors. */
export interface MessageUse {
  file: string;
  line: number;
}

/** Every message of the app with where it is used; throws when a `t()` is given anything but literal text. */
export function extractMessages(directory = SOURCE): Map<string, MessageUse[]> {
  const messages = new Map<string, MessageUse[]>();
  const problems: string[] = [];
  for (const file of sourceFiles(directory)) {
    const text = readFileSync(file, "utf8");
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "t") {
        const [first] = node.arguments;
        const where = { file: relative(directory, file), line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 };
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
          messages.set(first.text, [...(messages.get(first.text) ?? []), where]);
        } else {
          problems.push(`${where.file}:${where.line}: t() needs literal English text (values go in its second argument)`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return messages;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === "messages" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

if (import.meta.main) {
  const messages = extractMessages();
  const language = process.argv[2];
  const catalog: Record<string, string> = language
    ? (await import(join(SOURCE, "i18n", "messages", `${language}.ts`))).default
    : {};
  for (const [message, uses] of messages) {
    if (catalog[message] === undefined) console.log(`${JSON.stringify(message)}: "", // ${uses.map((u) => `${u.file}:${u.line}`).join(", ")}`);
  }
}
