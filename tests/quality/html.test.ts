/**
 * Every built page is valid HTML by html-validate, with the rule set documented in .htmlvalidate.mjs.
 * One known upstream exception is allowed, narrowly: Expressive Code (Starlight's code blocks) renders
 * each line as a <div> inside <code>, and its copy button's "Copied!" feedback as a <div> inside
 * <button>: browsers render both fine, but the content model forbids them.
 */
import { readFileSync } from 'node:fs';
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate';
import { describe, expect, it } from 'vitest';
import { htmlFiles } from '../support/files';

const dist = process.env.HANDBOOK_DIST ?? 'dist';

const isExpressiveCodeMarkup = (message: { ruleId: string; message: string; selector: string | null }) =>
  message.ruleId === 'element-permitted-content' &&
  /^<div> element is not permitted as content under <(code|button)>$/.test(message.message) &&
  /figure > (pre > code|div > button) > div$|figure > pre > code > div/.test(message.selector ?? '');

describe('valid HTML (html-validate)', () => {
  it('has no error on any built page', async () => {
    const validator = new HtmlValidate(new FileSystemConfigLoader());
    const files = htmlFiles(dist);
    expect(files.length).toBeGreaterThan(3);
    const errors: string[] = [];
    for (const file of files) {
      const report = await validator.validateString(readFileSync(file, 'utf8'), file);
      for (const result of report.results) {
        for (const message of result.messages) {
          if (isExpressiveCodeMarkup(message)) continue;
          errors.push(`${file}:${message.line}:${message.column} [${message.ruleId}] ${message.message} (${message.selector})`);
        }
      }
    }
    expect(errors).toEqual([]);
  });
});
