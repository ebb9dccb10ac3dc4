// Accessibility scan with axe-core (installed in web-ui/client/node_modules, nothing fetched).
// Fails on any `serious` or `critical` violation and prints every violation readably.
import { createRequire } from 'node:module'
import { readFile } from 'node:fs/promises'
import { CLIENT_DIR } from './env.mjs'
import { CheckFailed } from './harness.mjs'

const require = createRequire(`${CLIENT_DIR}/package.json`)
const AXE_PATH = require.resolve('axe-core/axe.min.js')

const BLOCKING = new Set(['serious', 'critical'])

/**
 * Runs axe on the page (WCAG 2.x A/AA + best practices); logs every violation; throws
 * CheckFailed listing the serious/critical ones. Returns the violations.
 */
export async function axeScan(t, page, label) {
  const hasAxe = await page.evaluate(() => typeof window.axe?.run === 'function')
  if (!hasAxe) {
    try {
      await page.addScriptTag({ path: AXE_PATH })
    } catch {
      // A Content-Security-Policy may refuse injected <script> elements: evaluate instead.
      await page.evaluate(await readFile(AXE_PATH, 'utf8'))
    }
  }
  const { passes, incomplete, violations } = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    })
    return { passes: result.passes.length, incomplete: result.incomplete.length, violations: result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.join(' '),
        html: n.html.slice(0, 160),
        summary: (n.failureSummary || '').replace(/\s+/g, ' ').trim().slice(0, 300),
      })),
    })) }
  })
  const blocking = violations.filter((v) => BLOCKING.has(v.impact))
  t.log(`  axe ${label}: ${passes} rules passed, ${incomplete} need review, ${violations.length} violated (${blocking.length} serious/critical)`)
  for (const v of violations) t.log(formatViolation(v))
  if (blocking.length) {
    throw new CheckFailed(
      `axe found ${blocking.length} serious/critical violation(s) on the ${label} page:\n` + blocking.map(formatViolation).join('\n'),
    )
  }
  return violations
}

function formatViolation(v) {
  const lines = [`    [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element(s)) ${v.helpUrl}`]
  for (const n of v.nodes.slice(0, 5)) lines.push(`      - ${n.target}  ${n.html}\n        ${n.summary}`)
  if (v.nodes.length > 5) lines.push(`      … and ${v.nodes.length - 5} more`)
  return lines.join('\n')
}
