import { describe, expect, it } from '@jest/globals'
import {
  codeBlock,
  escapeHtmlComment,
  escapeHtmlText,
  escapeInline,
  escapeProse,
  fitsWithin,
  inlineCode,
  neutraliseReferences,
  stripUnsafe,
  truncate,
  withoutTrailingNewlines
} from '../../src/report/escape.js'

const ZWJ = '\u200D'

describe('escapeInline', () => {
  it('neutralises HTML so no tag or entity survives', () => {
    const out = escapeInline('<img src=x onerror=alert(1)> & <script>')
    expect(out).not.toMatch(/<|>/)
    expect(out).toContain('&lt;img')
    expect(out).toContain('&amp;')
  })

  it('escapes markdown punctuation: links, images, emphasis, tables, headings, code', () => {
    const out = escapeInline('![x](http://evil) [a](b) *b* _i_ ~~s~~ | cell | `code` # h')
    for (const c of ['!', '[', ']', '(', ')', '*', '_', '~', '|', '`', '#']) {
      // every occurrence is preceded by a backslash
      const unescaped = new RegExp(`(^|[^\\\\])\\${c}`)
      expect(out).not.toMatch(unescaped)
    }
  })

  it('does not ping people or link issues', () => {
    const out = escapeInline('cc @octocat and @org/team, fixes #123 and GH-7')
    expect(out).toContain(`@${ZWJ}octocat`)
    expect(out).toContain(`@${ZWJ}org`)
    expect(out).toContain(`#${ZWJ}123`)
    expect(out).not.toMatch(/@[a-z]/)
    expect(out).not.toMatch(/#\d/)
    expect(out).toContain(`GH${ZWJ}\\-7`)
  })

  it('keeps an e-mail-like value readable while breaking the mention', () => {
    expect(escapeInline('ops@acme')).toBe(`ops@${ZWJ}acme`)
  })

  it('strips control characters and bidi overrides, and keeps one line', () => {
    const out = escapeInline('safe\u202Egnp.exe\u0007\r\nnext\u2066line\u0000')
    expect(out).toBe('safegnp.exe nextline')
  })

  it('bounds the length of a value', () => {
    const out = escapeInline('a'.repeat(10000), 50)
    expect(Array.from(out)).toHaveLength(50)
    expect(out.endsWith('…')).toBe(true)
  })
})

describe('truncate', () => {
  it('never splits a surrogate pair', () => {
    const out = truncate('😀'.repeat(10), 5)
    expect(out).toBe('😀😀😀😀…')
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/)
  })
  it('leaves short values alone', () => {
    expect(truncate('short', 10)).toBe('short')
  })
})

describe('codeBlock', () => {
  it('uses a fence longer than any backtick run inside, so the content cannot close it', () => {
    const hostile = 'before\n```\n# injected heading\n````\n@octocat'
    const block = codeBlock(hostile, 'json')
    const lines = block.split('\n')
    const fence = (lines[0] as string).replace('json', '')
    expect(fence).toBe('`````')
    expect(lines[lines.length - 1]).toBe(fence)
    // no inner line is a fence of the same length or longer
    expect(lines.slice(1, -1).some((l) => /^`{5,}\s*$/.test(l))).toBe(false)
  })

  it('keeps at least three backticks and sanitises the language', () => {
    expect(codeBlock('x', 'js"><script>')).toBe('```jsscript\nx\n```')
  })

  it('strips bidi overrides inside code', () => {
    expect(codeBlock('a\u202Eb')).toBe('```\nab\n```')
  })
  it('drops the line ends at the end of the content, and only those', () => {
    expect(codeBlock('a\n\nb\n\n\n')).toBe('```\na\n\nb\n```')
    expect(withoutTrailingNewlines('\n\n')).toBe('')
    expect(withoutTrailingNewlines('a\r\n')).toBe('a\r')
    // A long run followed by text is left whole (the regex it replaces was quadratic in such a run).
    const run = `a${'\n'.repeat(100_000)}b`
    expect(withoutTrailingNewlines(run)).toBe(run)
  })
})

describe('inlineCode', () => {
  it('wraps a value with backticks in a longer run, padded', () => {
    expect(inlineCode('a`b')).toBe('``a`b``')
    expect(inlineCode('`x`')).toBe('`` `x` ``')
  })
  it('escapes pipes inside tables', () => {
    expect(inlineCode('a|b', 100, true)).toBe('`a\\|b`')
  })
})

describe('escapeHtmlComment', () => {
  it('cannot close the marker comment', () => {
    const out = escapeHtmlComment('evil --> <b>x</b> --!>')
    expect(out).not.toContain('--')
    expect(out).not.toContain('>')
    expect(out).not.toContain('<')
  })
  it('keeps ordinary paths readable', () => {
    expect(escapeHtmlComment('infra/accounts-prod.yaml')).toBe('infra/accounts-prod.yaml')
  })
  it('encodes spaces and unicode as UTF-8 percent sequences', () => {
    expect(escapeHtmlComment('a b/é')).toBe('a%20b/%C3%A9')
  })
})

describe('escapeHtmlText', () => {
  it('escapes HTML and neutralises references without backslashes', () => {
    expect(escapeHtmlText('<b>@me</b> #1')).toBe(`&lt;b&gt;@${ZWJ}me&lt;/b&gt; #${ZWJ}1`)
  })
})

describe('small helpers', () => {
  it('stripUnsafe keeps tabs and newlines', () => {
    expect(stripUnsafe('a\tb\r\nc\u200Fd')).toBe('a\tb\ncd')
  })
  it('neutraliseReferences leaves plain text alone', () => {
    expect(neutraliseReferences('no refs here')).toBe('no refs here')
  })
  it('fitsWithin counts characters and bytes', () => {
    expect(fitsWithin('é'.repeat(10), { maxChars: 10, maxBytes: 20 })).toBe(true)
    expect(fitsWithin('é'.repeat(10), { maxChars: 10, maxBytes: 19 })).toBe(false)
    expect(fitsWithin('a'.repeat(11), { maxChars: 10, maxBytes: 100 })).toBe(false)
  })
})

describe('escapeProse: copyable values copy exactly, PR text does not link', () => {
  it('puts external IDs and ARNs into code spans, with no zero-width character inside', () => {
    const out = escapeProse('sts:ExternalId values added: acme@01HZX@app-prod@read, acme@01HZX@app-prod@write [arn:aws:iam::324880187172:root]')
    expect(out).toContain('`acme@01HZX@app-prod@read`')
    expect(out).toContain('`acme@01HZX@app-prod@write`')
    expect(out).toContain('`arn:aws:iam::324880187172:root`')
    for (const span of out.match(/`[^`]+`/g) ?? []) expect(span).not.toMatch(/[\u200B-\u200D\u2060\uFEFF]/)
  })

  it('breaks bare www domains and scheme:// so GitHub does not auto-link them', () => {
    const out = escapeProse('see www.evil.example or https://evil.example/x and WWW.Evil.Example')
    expect(out).not.toMatch(/www\.evil/i)
    expect(out).toContain(`www${ZWJ}.evil.example`)
    expect(out).toContain(`WWW${ZWJ}.Evil.Example`)
    expect(out).not.toMatch(/https\\?:\/\//)
    expect(escapeInline('www.evil.example')).toBe(`www${ZWJ}.evil.example`)
  })

  // GFM recognises an extended autolink after `_` (and `*`, `~`, `(`) too, and `_` is a word
  // character: a \b before "www" or the scheme does not see the start of the link there.
  // https://github.github.com/gfm/#extended-www-autolink
  it.each(['_www.evil.example', 'x_https://evil.example/x', '_http://evil.example', 'a_WWW.Evil.Example', 'ext_id_www.evil.example'])(
    'breaks %s after an underscore too',
    (value) => {
      for (const out of [escapeInline(value), escapeProse(`see ${value}`), escapeHtmlText(value)]) {
        expect(out).not.toMatch(/www\\?\./i)
        expect(out).not.toMatch(/:\/\//)
      }
    }
  )

  it('still escapes markdown and mentions around the values', () => {
    const out = escapeProse('[click](http://x) @octocat added ops@acme')
    expect(out).toContain('\\[click\\]')
    expect(out).toContain('`ops@acme`')
    expect(out).toContain(`@${ZWJ}octocat`)
  })
})
