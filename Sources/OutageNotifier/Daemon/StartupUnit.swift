/// Text that starts the notifier with the desktop session: a systemd user unit or an XDG
/// autostart entry, for the person who sets up the reception PC.
public enum StartupUnit {
    public enum Kind: String, CaseIterable, Sendable {
        case systemd, autostart
    }

    /// `command` is the full argument vector, the binary's absolute path first.
    public static func text(_ kind: Kind, command: [String]) -> String {
        switch kind {
        case .systemd:
            return """
                # ~/.config/systemd/user/outagecal-notify.service
                # Install: systemctl --user daemon-reload && systemctl --user enable --now outagecal-notify
                [Unit]
                Description=OutageCal: alerts before planned outages of the online eligibility system
                Documentation=man:outagecal(1) https://github.com/outagecal/outagecal#readme
                After=graphical-session.target network-online.target
                PartOf=graphical-session.target

                [Service]
                ExecStart=\(command.map(systemdQuote).joined(separator: " "))
                ExecReload=/bin/kill -HUP $MAINPID
                Restart=on-failure
                RestartSec=30

                [Install]
                WantedBy=graphical-session.target

                """
        case .autostart:
            return """
                # ~/.config/autostart/outagecal-notify.desktop
                [Desktop Entry]
                Type=Application
                Name=OutageCal
                Comment=医療機関向けシステムの計画停止をお知らせします
                Exec=\(command.map(desktopQuote).joined(separator: " "))
                Terminal=false
                X-GNOME-Autostart-enabled=true
                X-GNOME-HiddenUnderSystemd=true
                X-systemd-skip=true

                """
        }
    }

    /// systemd's quoting: double quotes, backslash before `"` and `\`, `%` doubled, `$` doubled.
    public static func systemdQuote(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=,@+".contains($0) }
        if plain && !word.isEmpty && !word.contains("%") { return word }
        let escaped = word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "%", with: "%%").replacingOccurrences(of: "$", with: "$$")
        return "\"\(escaped)\""
    }

    /// The desktop entry specification's quoting for Exec.
    static func desktopQuote(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=,@+".contains($0) }
        if plain && !word.isEmpty { return word }
        var escaped = ""
        for character in word {
            if "\"`$\\".contains(character) { escaped += "\\\\" }
            escaped.append(character)
        }
        return "\"\(escaped.replacingOccurrences(of: "%", with: "%%"))\""
    }
}
