/// One of Japan's 47 prefectures, as JIS X 0401 numbers them.
public struct Prefecture: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// JIS X 0401 code, 1 (北海道) … 47 (沖縄県).
    public let code: Int
    /// Full name: 福岡県, 東京都, 北海道.
    public let name: String
    /// Name without 都/府/県: 福岡, 東京, 北海道.
    public let shortName: String
    /// Lower-case Hepburn romanisation without macrons: fukuoka, tokyo, hokkaido.
    public let romaji: String

    /// Two-digit code, as used in feed file names: `40`.
    public var paddedCode: String { code < 10 ? "0\(code)" : "\(code)" }

    /// The feed's file stem: `40-fukuoka`.
    public var slug: String { "\(paddedCode)-\(romaji)" }

    public var description: String { name }

    public static func < (lhs: Prefecture, rhs: Prefecture) -> Bool { lhs.code < rhs.code }

    // A prefecture is its code: the names follow from it. Hashing the code alone keeps the sets
    // of prefectures every window and feed is sorted by cheap (the three names cost 8% of
    // making a big feed set).
    public static func == (lhs: Prefecture, rhs: Prefecture) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// All 47, in JIS X 0401 order.
    public static let all: [Prefecture] = [
        Prefecture(code: 1, name: "北海道", shortName: "北海道", romaji: "hokkaido"),
        Prefecture(code: 2, name: "青森県", shortName: "青森", romaji: "aomori"),
        Prefecture(code: 3, name: "岩手県", shortName: "岩手", romaji: "iwate"),
        Prefecture(code: 4, name: "宮城県", shortName: "宮城", romaji: "miyagi"),
        Prefecture(code: 5, name: "秋田県", shortName: "秋田", romaji: "akita"),
        Prefecture(code: 6, name: "山形県", shortName: "山形", romaji: "yamagata"),
        Prefecture(code: 7, name: "福島県", shortName: "福島", romaji: "fukushima"),
        Prefecture(code: 8, name: "茨城県", shortName: "茨城", romaji: "ibaraki"),
        Prefecture(code: 9, name: "栃木県", shortName: "栃木", romaji: "tochigi"),
        Prefecture(code: 10, name: "群馬県", shortName: "群馬", romaji: "gunma"),
        Prefecture(code: 11, name: "埼玉県", shortName: "埼玉", romaji: "saitama"),
        Prefecture(code: 12, name: "千葉県", shortName: "千葉", romaji: "chiba"),
        Prefecture(code: 13, name: "東京都", shortName: "東京", romaji: "tokyo"),
        Prefecture(code: 14, name: "神奈川県", shortName: "神奈川", romaji: "kanagawa"),
        Prefecture(code: 15, name: "新潟県", shortName: "新潟", romaji: "niigata"),
        Prefecture(code: 16, name: "富山県", shortName: "富山", romaji: "toyama"),
        Prefecture(code: 17, name: "石川県", shortName: "石川", romaji: "ishikawa"),
        Prefecture(code: 18, name: "福井県", shortName: "福井", romaji: "fukui"),
        Prefecture(code: 19, name: "山梨県", shortName: "山梨", romaji: "yamanashi"),
        Prefecture(code: 20, name: "長野県", shortName: "長野", romaji: "nagano"),
        Prefecture(code: 21, name: "岐阜県", shortName: "岐阜", romaji: "gifu"),
        Prefecture(code: 22, name: "静岡県", shortName: "静岡", romaji: "shizuoka"),
        Prefecture(code: 23, name: "愛知県", shortName: "愛知", romaji: "aichi"),
        Prefecture(code: 24, name: "三重県", shortName: "三重", romaji: "mie"),
        Prefecture(code: 25, name: "滋賀県", shortName: "滋賀", romaji: "shiga"),
        Prefecture(code: 26, name: "京都府", shortName: "京都", romaji: "kyoto"),
        Prefecture(code: 27, name: "大阪府", shortName: "大阪", romaji: "osaka"),
        Prefecture(code: 28, name: "兵庫県", shortName: "兵庫", romaji: "hyogo"),
        Prefecture(code: 29, name: "奈良県", shortName: "奈良", romaji: "nara"),
        Prefecture(code: 30, name: "和歌山県", shortName: "和歌山", romaji: "wakayama"),
        Prefecture(code: 31, name: "鳥取県", shortName: "鳥取", romaji: "tottori"),
        Prefecture(code: 32, name: "島根県", shortName: "島根", romaji: "shimane"),
        Prefecture(code: 33, name: "岡山県", shortName: "岡山", romaji: "okayama"),
        Prefecture(code: 34, name: "広島県", shortName: "広島", romaji: "hiroshima"),
        Prefecture(code: 35, name: "山口県", shortName: "山口", romaji: "yamaguchi"),
        Prefecture(code: 36, name: "徳島県", shortName: "徳島", romaji: "tokushima"),
        Prefecture(code: 37, name: "香川県", shortName: "香川", romaji: "kagawa"),
        Prefecture(code: 38, name: "愛媛県", shortName: "愛媛", romaji: "ehime"),
        Prefecture(code: 39, name: "高知県", shortName: "高知", romaji: "kochi"),
        Prefecture(code: 40, name: "福岡県", shortName: "福岡", romaji: "fukuoka"),
        Prefecture(code: 41, name: "佐賀県", shortName: "佐賀", romaji: "saga"),
        Prefecture(code: 42, name: "長崎県", shortName: "長崎", romaji: "nagasaki"),
        Prefecture(code: 43, name: "熊本県", shortName: "熊本", romaji: "kumamoto"),
        Prefecture(code: 44, name: "大分県", shortName: "大分", romaji: "oita"),
        Prefecture(code: 45, name: "宮崎県", shortName: "宮崎", romaji: "miyazaki"),
        Prefecture(code: 46, name: "鹿児島県", shortName: "鹿児島", romaji: "kagoshima"),
        Prefecture(code: 47, name: "沖縄県", shortName: "沖縄", romaji: "okinawa"),
    ]

    private static let index: [String: Prefecture] = {
        var index: [String: Prefecture] = [:]
        for prefecture in all {
            index[prefecture.name] = prefecture
            index[prefecture.shortName] = prefecture
            index[prefecture.romaji] = prefecture
            index[String(prefecture.code)] = prefecture
            index[prefecture.paddedCode] = prefecture
        }
        return index
    }()

    /// Finds a prefecture by full name (福岡県), short name (福岡), romaji (fukuoka, any case)
    /// or JIS code (40, "40", "07"). Surrounding white space is ignored.
    public static func find(_ key: String) -> Prefecture? {
        let trimmed = String(key.trimmingSpaces())
        return index[trimmed] ?? index[trimmed.lowercased()]
    }

    /// Finds a prefecture by JIS code.
    public static func find(code: Int) -> Prefecture? {
        (1...47).contains(code) ? all[code - 1] : nil
    }
}

import Foundation
