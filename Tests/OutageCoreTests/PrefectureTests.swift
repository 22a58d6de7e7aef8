import Testing

@testable import OutageCore

@Suite("Prefecture registry")
struct PrefectureTests {
    @Test("holds all 47 prefectures in JIS X 0401 order with unique names")
    func registry() {
        #expect(Prefecture.all.count == 47)
        #expect(Prefecture.all.map(\.code) == Array(1...47))
        #expect(Set(Prefecture.all.map(\.name)).count == 47)
        #expect(Set(Prefecture.all.map(\.shortName)).count == 47)
        #expect(Set(Prefecture.all.map(\.romaji)).count == 47)
    }

    @Test("finds a prefecture by name, short name, romaji or code",
          arguments: ["福岡県", "福岡", "fukuoka", "Fukuoka", "40", " 40 "])
    func findFukuoka(key: String) {
        #expect(Prefecture.find(key)?.code == 40)
        #expect(Prefecture.find(key)?.slug == "40-fukuoka")
    }

    @Test("names the prefectures as feeds and notices do",
          arguments: [("東京都", "13-tokyo"), ("北海道", "01-hokkaido"), ("京都府", "26-kyoto"), ("大阪", "27-osaka"),
                      ("07", "07-fukushima"), ("沖縄", "47-okinawa"), ("hyogo", "28-hyogo")])
    func slugs(key: String, slug: String) {
        #expect(Prefecture.find(key)?.slug == slug)
    }

    @Test("rejects what is not a prefecture", arguments: ["福岡市", "48", "0", "", "tokio", "東京県"])
    func unknown(key: String) {
        #expect(Prefecture.find(key) == nil)
    }
}
