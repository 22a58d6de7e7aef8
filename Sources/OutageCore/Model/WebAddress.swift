import Foundation

/// What OutageCal accepts as a notice's web address: https, a host with a dot, no spaces. One
/// rule for the loader (which refuses anything else) and the importer (which drafts nothing else).
public enum WebAddress {
    public static func isValid(_ text: String) -> Bool {
        guard let url = URL(string: text), url.scheme == "https", let host = url.host, !host.isEmpty, host.contains(".") else { return false }
        return !text.contains(where: { $0.isWhitespace })
    }
}
