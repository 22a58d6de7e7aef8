import Foundation

/// Where the notifier keeps its files, per the XDG Base Directory specification.
public enum XDG {
    static func base(_ variable: String, fallback: String) -> String {
        let environment = ProcessInfo.processInfo.environment
        if let value = environment[variable], value.hasPrefix("/") { return value }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return "\(home)/\(fallback)"
    }

    /// `$XDG_STATE_HOME/outagecal`, else `~/.local/state/outagecal`.
    public static var stateDirectory: String { base("XDG_STATE_HOME", fallback: ".local/state") + "/outagecal" }

    /// `$XDG_CACHE_HOME/outagecal`, else `~/.cache/outagecal`.
    public static var cacheDirectory: String { base("XDG_CACHE_HOME", fallback: ".cache") + "/outagecal" }

    /// `$XDG_CONFIG_HOME`, else `~/.config`.
    public static var userConfigHome: String { base("XDG_CONFIG_HOME", fallback: ".config") }

    /// `$XDG_CONFIG_HOME/outagecal`, else `~/.config/outagecal`.
    public static var configDirectory: String { userConfigHome + "/outagecal" }

    /// Where a configuration for the whole PC lives.
    public static let systemConfigDirectory = "/etc/outagecal"
}
