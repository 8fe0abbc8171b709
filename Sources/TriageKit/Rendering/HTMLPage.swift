/// The frame every page of triage shares: doctype, language, charset, viewport, and a
/// Content-Security-Policy that lets the page load and run nothing — only its own style sheet,
/// allowed by its SHA-256 hash — so that no text on it can pull in a resource or a script.
package enum HTMLPage {
    /// The whole document: `title` (already escaped), `style` (the page's CSS) and `body` (HTML).
    package static func document(language: String, title: String, style: String, body: String) -> String {
        // The hash covers the style element's exact content, newlines included.
        let content = "\n" + style + "\n"
        let hash = Base64.encode(SHA256.digest(Array(content.utf8)))
        return """
            <!DOCTYPE html>
            <html lang="\(language == "en" ? "en" : "nl")">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="\(policy(styleHash: hash))">
            <meta name="referrer" content="no-referrer">
            <title>\(title)</title>
            <style>\(content)</style>
            </head>
            <body>
            <main>
            \(body)
            </main>
            </body>
            </html>

            """
    }

    /// Nothing from anywhere, except the one style sheet with `styleHash` (base64 SHA-256).
    static func policy(styleHash: String) -> String {
        "default-src 'none'; style-src 'sha256-\(styleHash)'; img-src 'none'; font-src 'none'; connect-src 'none'; "
            + "script-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'"
    }
}
