import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { attr, block, comment, expr, list, obj, quote, renderHclFile, str } from '../../src/generate/terraform/hcl.js'
import { get, literal, parseTf } from '../support/parseHcl.js'

describe('quote', () => {
  it('escapes what would end the string or start a template', () => {
    expect(quote('a"b')).toBe('"a\\"b"')
    expect(quote('a\\b')).toBe('"a\\\\b"')
    expect(quote('line\nnext\r\t')).toBe('"line\\nnext\\r\\t"')
    expect(quote('${var.x}')).toBe('"$${var.x}"')
    expect(quote('%{ if true }')).toBe('"%%{ if true }"')
    expect(quote('\u0001\u007f')).toBe('"\\u0001\\u007f"')
    expect(quote('$ { % } $$ plain')).toBe('"$ { % } $$ plain"')
  })

  it('round-trips any string through the real HCL parser as a literal', async () => {
    const hostile = fc.constantFrom(
      '$',
      '{',
      '}',
      '%',
      '"',
      '\\',
      '\n',
      '\r',
      '\t',
      '\u0000',
      '\u0001',
      '\u001b',
      'a',
      'Z',
      ' ',
      'é',
      '\u2028',
      '😀',
      '~',
      '@',
      '*'
    )
    const values = fc.array(fc.string({ unit: hostile, maxLength: 24 }), { minLength: 1, maxLength: 40 })
    await fc.assert(
      fc.asyncProperty(values, async (strings) => {
        const text = renderHclFile([
          block(
            'locals',
            [],
            strings.map((s, i) => attr(`v${i}`, str(s)))
          )
        ])
        const parsed = await parseTf(text)
        strings.forEach((s, i) => {
          expect(get(parsed, 'locals', 0, `v${i}`)).toBe(literal(s))
        })
      }),
      { numRuns: Number(process.env.FC_NUM_RUNS ?? 40) }
    )
  })
})

describe('renderHclFile', () => {
  it('aligns the = of consecutive attributes like terraform fmt and separates blocks', () => {
    const text = renderHclFile([
      comment('header'),
      block(
        'provider',
        ['aws'],
        [
          attr('alias', str('prod')),
          attr('region', str('eu-west-1')),
          block('assume_role', [], [attr('role_arn', str('arn')), attr('session_name', expr('var.x'))])
        ]
      ),
      block('resource', ['x', 'y'], [attr('n', 1), attr('flag', false), attr('items', list([str('a'), expr('b.c')]))])
    ])
    expect(text).toBe(
      [
        '# header',
        'provider "aws" {',
        '  alias  = "prod"',
        '  region = "eu-west-1"',
        '',
        '  assume_role {',
        '    role_arn     = "arn"',
        '    session_name = var.x',
        '  }',
        '}',
        '',
        'resource "x" "y" {',
        '  n     = 1',
        '  flag  = false',
        '  items = ["a", b.c]',
        '}',
        ''
      ].join('\n')
    )
  })

  it('writes object values and block labels that the parser reads back', async () => {
    const text = renderHclFile([
      block('terraform', [], [block('required_providers', [], [attr('spacelift', obj([['source', str('spacelift-io/spacelift')]]))])]),
      block('resource', ['kind', 'na"me${x}'], [attr('a', 1)])
    ])
    const parsed = await parseTf(text)
    expect(get(parsed, 'terraform', 0, 'required_providers', 0, 'spacelift')).toEqual({ source: 'spacelift-io/spacelift' })
    // Labels are not templates: hcl2json gives their exact value as the JSON key.
    expect(Object.keys(get(parsed, 'resource', 'kind') as object)).toEqual(['na"me${x}'])
  })

  it('keeps every comment line a comment, whatever the text holds', async () => {
    const text = renderHclFile([comment('first\n} evil = "x"\rsecond\u2028third'), block('locals', [], [attr('ok', true)])])
    expect(text.split('\n').slice(0, 2)).toEqual(['# first', '# } evil = "x"?second?third'])
    expect(await parseTf(text)).toEqual({ locals: [{ ok: true }] })
  })

  it('refuses names that are not identifiers (a programming error)', () => {
    expect(() => renderHclFile([block('locals', [], [attr('bad name', 1)])])).toThrow('not an HCL identifier')
  })
})
