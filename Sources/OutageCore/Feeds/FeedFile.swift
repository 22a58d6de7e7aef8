/// One file of the published Feeds/ folder: its path relative to the folder and its bytes.
public struct FeedFile: Hashable, Sendable {
    /// `west-japan.ics`, `prefectures/40-fukuoka.ics`.
    public let path: String
    public let contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}
