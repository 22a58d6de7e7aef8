/// Credentials written into web addresses, found anywhere in a text and hidden.
///
/// `https://user:secret@host/x` → `https://***@host/x`; `…?token=abc&x=1` → `…?token=***&x=1`
/// for the query keys that carry secrets by convention.
public enum Credentials {
    /// Query keys whose values are secrets (compared without case).
    static let secretKeys: Set<String> = [
        "token", "access_token", "id_token", "refresh_token", "auth", "authorization", "key", "api_key", "apikey",
        "secret", "client_secret", "password", "passwd", "pass", "pwd", "sig", "signature", "session", "sessionid",
        "x-amz-signature", "x-amz-credential", "x-amz-security-token", "code",
    ]

    /// `text` with the user information of every address and the values of secret query keys
    /// replaced by `***`.
    public static func redacted(_ text: String) -> String {
        // Most texts hold no address at all: a look at the bytes says so.
        guard mayHoldCredentials(text.utf8) else { return text }
        var scalars = Array(text.unicodeScalars)
        scalars = hidingUserInformation(scalars)
        scalars = hidingSecretValues(scalars)
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }

    /// Whether `bytes` hold `://` or `=`, the marks of user information and of a query.
    static func mayHoldCredentials(_ bytes: String.UTF8View) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in bytes {
            if byte == UInt8(ascii: "=") { return true }
            if byte == UInt8(ascii: "/"), previous == (UInt8(ascii: ":"), UInt8(ascii: "/")) { return true }
            previous = (previous.1, byte)
        }
        return false
    }

    /// Ends an address's authority (or a query value): `/ ? #`, blanks, quotes and brackets.
    private static func endsAuthority(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || "/?#\"'<>()[]{}`".unicodeScalars.contains(scalar) || scalar.value < 0x20
    }

    private static func hidingUserInformation(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count)
        var index = 0
        while index < scalars.count {
            // "://" starts an authority; it runs to the first character that ends it.
            if index + 2 < scalars.count, scalars[index] == ":", scalars[index + 1] == "/", scalars[index + 2] == "/" {
                out.append(contentsOf: scalars[index...(index + 2)])
                let start = index + 3
                var end = start
                var lastAt: Int?
                while end < scalars.count, !endsAuthority(scalars[end]) {
                    if scalars[end] == "@" { lastAt = end }
                    end += 1
                }
                if let lastAt {
                    out.append(contentsOf: "***".unicodeScalars)
                    out.append(contentsOf: scalars[lastAt..<end])
                } else {
                    out.append(contentsOf: scalars[start..<end])
                }
                index = end
                continue
            }
            out.append(scalars[index])
            index += 1
        }
        return out
    }

    private static func hidingSecretValues(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            out.append(scalar)
            index += 1
            // A key follows `?`, `&` or `;`, and ends at `=`.
            guard scalar == "?" || scalar == "&" || scalar == ";" else { continue }
            var end = index
            while end < scalars.count, end - index < 40, scalars[end] != "=", !endsAuthority(scalars[end]), scalars[end] != "&" { end += 1 }
            guard end < scalars.count, scalars[end] == "=" else { continue }
            var key = String.UnicodeScalarView()
            key.append(contentsOf: scalars[index..<end])
            guard secretKeys.contains(String(key).lowercased()) else { continue }
            out.append(contentsOf: scalars[index...end])
            var valueEnd = end + 1
            while valueEnd < scalars.count, !endsAuthority(scalars[valueEnd]), scalars[valueEnd] != "&", scalars[valueEnd] != ";" { valueEnd += 1 }
            if valueEnd > end + 1 { out.append(contentsOf: "***".unicodeScalars) }
            index = valueEnd
        }
        return out
    }
}
