import ArgumentParser
import Foundation
import OutageCore
import OutageNotifier
import OutageWatcher
import Processes

extension OutageCal {
    struct Setup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set up the notifier on this reception PC: asks (in Japanese) for the prefecture and where the feeds are published, checks the feed, writes the configuration and starts the notifier with each login.",
            discussion: "With --prefecture and --base it asks nothing (for scripted installs). With --admin (on the administrator's machine), it checks the Feeds folder and its sources.yaml instead and starts `outagecal watch --once` every 30 minutes.")

        @Flag(help: "Set up the administrator's machine instead: watch the sources of --feeds every 30 minutes (a systemd user timer) and tell of each new draft on the desktop.")
        var admin = false

        @Option(help: ArgumentHelp("With --admin: the Feeds folder (with notices/ and sources.yaml) to watch and publish from.", valueName: "DIR"))
        var feeds: String = "Feeds"

        @Option(help: ArgumentHelp("The prefecture: 福岡県, 福岡, fukuoka or 40.", valueName: "NAME"))
        var prefecture: String?

        @Option(help: ArgumentHelp("Where the published Feeds/ folder is: https://… (or a folder).", valueName: "URL|DIR"))
        var base: String?

        @Option(name: .customLong("sink"), help: ArgumentHelp("Where alerts go: desktop, terminal. Repeatable. Default: desktop.", valueName: "SINK"))
        var sinks: [String] = []

        @Flag(help: "Write /etc/outagecal/notify.yaml and enable the notifier for every user of this PC (run with sudo; needs the Debian package).")
        var allUsers = false

        @Flag(help: "Write the configuration only; do not start the notifier or enable it at login.")
        var noEnable = false

        @Option(help: ArgumentHelp("Write the configuration here instead.", valueName: "FILE"))
        var config: String?

        func validate() throws {
            if let prefecture, Prefecture.find(prefecture) == nil {
                throw ValidationError("'\(prefecture)' is not a prefecture. Write it as 福岡県, 福岡, fukuoka or 40.")
            }
            if let base { try Self.checkBase(base) }
            try Notify.check(sinks: sinks, refresh: nil)
        }

        static func checkBase(_ base: String) throws {
            if base.contains("://"), case .file = FeedSource(base) {
                throw ValidationError("'\(base)' is not an http(s) address. Write it as https://example.jp/outagecal/ (or give a folder).")
            }
        }

        func run() async throws {
            if admin { return try await setUpAdmin() }
            let interactive = isatty(STDIN_FILENO) == 1
            Console.out("OutageCal 通知ツールの設定をします。")
            let prefecture = try self.prefecture.flatMap(Prefecture.find) ?? ask(
                "都道府県を入力してください（例：福岡、40、fukuoka）", interactive: interactive, flag: "--prefecture"
            ) { answer in
                guard let found = Prefecture.find(answer) else { return .failure("「\(answer)」という都道府県は見つかりません。") }
                return .success(found)
            }
            let base = try self.base ?? ask(
                "フィードの公開場所（URL）を入力してください（例：https://example.jp/outagecal/）", interactive: interactive, flag: "--base"
            ) { answer in
                do {
                    try Self.checkBase(answer)
                    return .success(answer)
                } catch {
                    return .failure("「\(answer)」は https:// で始まるアドレスではありません。")
                }
            }
            let source = FeedSource(prefecture: prefecture, base: base)
            let desk = DeskSetup(runner: SystemProcessRunner(), fetcher: HTTPFeedFetcher(), configHome: XDG.userConfigHome)
            do {
                Console.out("\(source) を確認しています…")
                let check = try await desk.check(source, now: Date())
                Console.out("✓ \(prefecture.name)のフィードを読めました（これからの予定 \(check.upcoming.count) 件）。")
                if let next = check.upcoming.first { Console.out("  次の予定：\(next.summary)　\(next.when)") }
                var file = NotifyConfig()
                file.prefecture = prefecture.name
                file.base = base
                file.sinks = sinks.isEmpty ? ["desktop"] : sinks
                let path = config ?? (allUsers ? XDG.systemConfigDirectory : XDG.configDirectory) + "/notify.yaml"
                // The desk's hours are written by hand: setting up again keeps them.
                file.hours = (try? NotifyConfig.load(path: path))?.hours
                try desk.write(file, to: path)
                Console.out("✓ 設定を \(path) に保存しました。")
                if file.hours == nil {
                    Console.out("  診療時間外の通知を診療時間内に移すには、このファイルの hours: を書いてください（例があります）。")
                }
                if noEnable {
                    Console.out("通知ツールは起動していません（--no-enable）。起動するには：outagecal notify")
                } else {
                    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
                    let resolved = CommandLine.arguments[0].contains("/") ? binary : (SystemProcessRunner.locate(CommandLine.arguments[0]) ?? binary)
                    for line in try await desk.enable(binary: resolved, allUsers: allUsers) { Console.out("✓ \(line)") }
                }
                Console.out("設定が終わりました。停止の前と終わりに、この PC に通知が出ます。")
            } catch let failure as DeskSetup.Failure {
                Console.printError("エラー：\(failure)")
                throw ExitCode.failure
            }
        }

        /// `--admin`: the Feeds folder and its sources are checked, then the timer enabled.
        func setUpAdmin() async throws {
            let folder = URL(fileURLWithPath: feeds).standardizedFileURL.path
            Console.out("OutageCal 管理者用の監視（outagecal watch）を設定します。")
            let catalog = try Console.load(folder)
            let (sources, diagnostics) = SourceLoader.load(folder: folder, systems: catalog.systems)
            for diagnostic in diagnostics { Console.printError(diagnostic.description) }
            guard let sources else {
                Console.printError("エラー：\(folder)/sources.yaml を直してから、もう一度実行してください。何も書いていません。")
                throw ExitCode.failure
            }
            Console.out("✓ \(folder) の通知 \(catalog.notices.count) 件と、監視するお知らせ元 \(sources.count) か所を読めました。")
            let binary = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
            let resolved = CommandLine.arguments[0].contains("/") ? binary : (SystemProcessRunner.locate(CommandLine.arguments[0]) ?? binary)
            do {
                for line in try await WatchSetup(runner: SystemProcessRunner(), configHome: XDG.userConfigHome)
                    .apply(feeds: folder, binary: resolved, enable: !noEnable) {
                    Console.out("✓ \(line)")
                }
            } catch let failure as WatchSetup.Failure {
                Console.printError("エラー：\(failure)")
                throw ExitCode.failure
            }
            Console.out(noEnable ? "監視は起動していません（--no-enable）。一度動かすには：outagecal watch --once --feeds \(folder)"
                                 : "設定が終わりました。新しいお知らせは \(folder)/inbox に下書きされ、デスクトップに通知が出ます（outagecal inbox で一覧）。")
        }

        enum Answer<Value> { case success(Value), failure(String) }

        /// Asks until an answer is usable; without a terminal to ask on, says which flag to give.
        func ask<Value>(_ question: String, interactive: Bool, flag: String, _ parse: (String) -> Answer<Value>) throws -> Value {
            for _ in 0..<5 {
                Console.out("\(question): ", terminator: "")
                fflush(nil)  // every output stream: the question shows before the answer is read
                guard let line = readLine() else { break }
                let answer = line.trimmingCharacters(in: .whitespaces)
                if answer.isEmpty { continue }
                switch parse(answer) {
                case .success(let value): return value
                case .failure(let message): Console.out(message + "もう一度入力してください。")
                }
            }
            throw ValidationError(interactive ? "No answer for \(flag); nothing was written." : "No terminal to ask on: give \(flag) (nothing was written).")
        }
    }
}
