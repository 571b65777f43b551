// Markdown of portal articles to HTML, safely: raw HTML in the source is shown as text (html: false), links go only
// to http(s), mailto and the site's own paths, images are not rendered (an article cannot load anything from
// elsewhere), and links to other sites open in a new tab without access to this one (rel="noopener noreferrer").
import MarkdownIt from 'markdown-it'

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false })
md.disable(['image'])

const SAFE_LINK = /^(https?:\/\/|mailto:|\/(?!\/)|#)/i

md.validateLink = (url: string): boolean => SAFE_LINK.test(url.trim())

const renderToken: NonNullable<typeof md.renderer.rules.link_open> = (tokens, idx, options, _env, self) =>
  self.renderToken(tokens, idx, options)

md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]
  const href = String(token?.attrGet('href') ?? '')
  if (token && /^https?:\/\//i.test(href)) {
    token.attrSet('target', '_blank')
    token.attrSet('rel', 'noopener noreferrer')
  }
  return renderToken(tokens, idx, options, env, self)
}

/** The HTML of an article's Markdown body (safe to insert into a page as it is). */
export function renderMarkdown(body: string): string {
  return md.render(body)
}

/** The first `max` characters of the article's text, without Markdown (a summary when none was written). */
export function plainText(body: string, max = 120): string {
  const html = md.render(body)
  const text = html
    .replace(/<\/(p|h[1-6]|li|td|th|blockquote|pre)>|<br\s*\/?>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
  return text.length > max ? `${text.slice(0, max)}…` : text
}
