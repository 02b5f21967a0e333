/**
 * The email edition's stylesheet: juice inlines it into each element, since
 * many mail clients drop `<style>`. Plain and readable in light and dark
 * clients; no web fonts, no background images.
 */
export const MAIL_CSS = `
body { margin: 0; padding: 0; color: #1b1b1b; background: #ffffff; }
.wrap { max-width: 640px; margin: 0 auto; padding: 16px; font-family: Georgia, "Times New Roman", serif; font-size: 17px; line-height: 1.55; }
a { color: #0b4f9c; }
.series-line, .web-link, .foot, .comment-link, .comment-part { font-family: Arial, Helvetica, sans-serif; font-size: 14px; color: #4a4a4a; }
h1, h2, h3, h4, h5, h6 { font-family: Arial, Helvetica, sans-serif; line-height: 1.25; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d6d3cb; padding: 4px 8px; text-align: left; vertical-align: top; }
blockquote { margin: 0 0 0 12px; padding-left: 12px; border-left: 3px solid #d6d3cb; }
.foot { border-top: 1px solid #d6d3cb; padding-top: 8px; margin-top: 24px; }
`;
