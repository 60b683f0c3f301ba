import Testing

@testable import SDG4Clean
@testable import SDG4Model

/// Code lists and the UIS bulk id mapping.
@Suite("Clean: codes")
struct CleanTests {
    @Test(arguments: [
        ("KGZ", "KGZ"), ("kg", "KGZ"), ("417", "KGZ"), ("Kyrgyzstan", "KGZ"), ("Кыргызстан", "KGZ"),
        (" Kazakhstan ", "KAZ"), ("398", "KAZ"), ("Узбекистан", "UZB"), ("762", "TJK"), ("795", "TKM"), ("004", "AFG"),
    ])
    func countries(text: String, iso3: String) {
        #expect(CodeLists.country(text)?.rawValue == iso3)
    }

    @Test func unknownCountryListsTheClosest() {
        #expect(CodeLists.country("Kyrgyzztan") == nil)
        #expect(CodeLists.closestCountries(to: "Kyrgyzztan").first == "Kyrgyzstan (KGZ)")
    }

    @Test func sexesAndLevels() {
        #expect(CodeLists.sex("Female") == .female)
        #expect(CodeLists.sex("girls") == .female)
        #expect(CodeLists.sex("муж") == .male)
        #expect(CodeLists.sex("_T") == .total)
        #expect(CodeLists.sex("X") == nil)
        #expect(CodeLists.level("02") == .prePrimary)
        #expect(CodeLists.level("ISCED 1") == .primary)
        #expect(CodeLists.level("2t3") == .secondary)
        #expect(CodeLists.level("Tertiary") == .tertiary)
        #expect(CodeLists.level("9") == nil)
    }

    @Test func missingMarkersAreNeverZero() {
        for marker in ["", "..", "…", "-", "–", "n/a", "NA", "x", "z", ":"] {
            #expect(CodeLists.isMissing(marker), "\(marker)")
        }
        #expect(!CodeLists.isMissing("0"))
    }

    @Test func uisBulkIds() {
        #expect(UISBulkId.classify("20062") == .input(measure: .enrolment, level: .primary, sex: .total))
        #expect(UISBulkId.classify("40035") == .input(measure: .enrolment, level: .primary, sex: .male))
        #expect(UISBulkId.classify("20083") == .input(measure: .enrolment, level: .secondary, sex: .female))
        #expect(UISBulkId.classify("42104") == .input(measure: .teachers, level: .secondary, sex: .male))
        #expect(UISBulkId.classify("SAP.1.F") == .input(measure: .population, level: .primary, sex: .female))
        #expect(UISBulkId.classify("SAP.2T3") == .input(measure: .population, level: .secondary, sex: .total))
        #expect(UISBulkId.classify("OFST.1.CP") == .input(measure: .outOfSchool, level: .primary, sex: .total))
        #expect(UISBulkId.classify("OFST.1.M.CP") == .input(measure: .outOfSchool, level: .primary, sex: .male))
        #expect(UISBulkId.classify("GER.1") == .published("GER.1"))
        #expect(UISBulkId.classify("rofst.1.gpia.cp") == .published("ROFST.1.GPIA.CP"))
        #expect(UISBulkId.classify("299905") == .unused)
    }
}
