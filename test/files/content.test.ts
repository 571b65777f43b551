// What an evidence file is: its type from its content, its name as stored, its Content-Disposition.
import { describe, expect, it } from 'vitest'
import { cleanFileName, contentDisposition, detectType, NAME_MAX } from '../../src/modules/files/files.content.js'
import { EXE, JPEG, PDF, PNG, TEXT } from './fixtures.js'

describe('evidence file content', () => {
  it('finds PDF, JPEG and PNG by their magic bytes, and names what else a file is', async () => {
    expect(await detectType(PDF)).toEqual({ ok: true, mime: 'application/pdf' })
    expect(await detectType(JPEG)).toEqual({ ok: true, mime: 'image/jpeg' })
    expect(await detectType(PNG)).toEqual({ ok: true, mime: 'image/png' })
    expect(await detectType(EXE)).toEqual({ ok: false, detected: 'EXE（application/x-msdownload）' })
    expect(await detectType(TEXT)).toEqual({ ok: false, detected: null })
    expect(await detectType(new Uint8Array(0))).toEqual({ ok: false, detected: null })
    // a PDF header anywhere but at the start is not a PDF
    expect((await detectType(Buffer.concat([Buffer.from('<html>'), PDF]))).ok).toBe(false)
  })

  it('keeps the last path segment, drops control and format characters, adds the extension of the content', () => {
    expect(cleanFileName('C:\\Users\\张三\\Desktop\\证据.pdf', 'application/pdf')).toBe('证据.pdf')
    expect(cleanFileName('../../etc/passwd', 'image/png')).toBe('passwd.png')
    // a right-to-left override that would show "invoice‮fdp.exe" as "invoiceexe.pdf"
    expect(cleanFileName('invoice\u202efdp.exe', 'image/png')).toBe('invoicefdp.exe.png')
    expect(cleanFileName('a\u0000b\tc\u200b.JPEG', 'image/jpeg')).toBe('ab c.JPEG')
    expect(cleanFileName('photo.jfif', 'image/jpeg')).toBe('photo.jfif')
    expect(cleanFileName('scan.pdf', 'image/png')).toBe('scan.pdf.png')
    expect(cleanFileName('report.pdf. . ', 'application/pdf')).toBe('report.pdf')
    expect(cleanFileName('', 'application/pdf')).toBe('file.pdf')
    expect(cleanFileName('   ', 'image/jpeg')).toBe('file.jpg')
    const long = cleanFileName(`${'长'.repeat(300)}.pdf`, 'application/pdf')
    expect([...long].length).toBe(NAME_MAX)
    expect(long.endsWith('长.pdf')).toBe(true)
  })

  it('writes Content-Disposition as an attachment with an ASCII fallback and the UTF-8 name (RFC 5987)', () => {
    expect(contentDisposition('申请书.pdf')).toBe(
      `attachment; filename="___.pdf"; filename*=UTF-8''%E7%94%B3%E8%AF%B7%E4%B9%A6.pdf`,
    )
    expect(contentDisposition(`a "b" (1)\\100%'*.png`)).toBe(
      `attachment; filename="a _b_ (1)_100_'*.png"; filename*=UTF-8''a%20%22b%22%20%281%29%5C100%25%27%2A.png`,
    )
  })
})
