import Testing

@testable import SDG4Aggregate
@testable import SDG4Model

/// The adjusted parity index (indicators.md §4): both branches and the zero cases.
@Suite("Adjusted parity index")
struct ParityIndexTests {
    @Test func femaleBelowMaleIsThePlainRatio() {
        // 88.61181 / 90.07381 (KGZ 2016 NER, UIS Feb 2019) = 0.98377...; UIS's ner_1_gpi 0.98377.
        let v = ParityIndex.adjusted(disadvantaged: 88.61181, advantaged: 90.07381)!
        #expect(abs(v - 0.98377) < 5e-6)
    }

    @Test func femaleAboveMaleIsTwoMinusTheInverse() {
        // F 1.86717, M 1.20563 (KGZ 2016 ROFST): 2 − 1.20563/1.86717 = 1.35430...; UIS
        // published rofst_1_gpia_cp 1.3543.
        let v = ParityIndex.adjusted(disadvantaged: 1.86717, advantaged: 1.20563)!
        #expect(abs(v - 1.3543) < 5e-5)
        // By hand: F 105, M 93.75 → 2 − 93.75/105 = 2 − 0.892857... = 1.107142857...
        #expect(abs(ParityIndex.adjusted(disadvantaged: 105, advantaged: 93.75)! - 1.107142857142857) < 1e-12)
    }

    @Test func equalValuesGiveOne() {
        #expect(ParityIndex.adjusted(disadvantaged: 50, advantaged: 50) == 1)
    }

    @Test func zeros() {
        #expect(ParityIndex.adjusted(disadvantaged: 0, advantaged: 0) == nil)
        #expect(ParityIndex.adjusted(disadvantaged: 3, advantaged: 0) == 2)
        #expect(ParityIndex.adjusted(disadvantaged: 0, advantaged: 3) == 0)
        #expect(ParityIndex.unadjusted(disadvantaged: 3, advantaged: 0) == nil)
    }

    @Test func parityRowsKeepFemaleAndMaleValuesAndNeedBoth() throws {
        let kgz = Country(rawValue: "KGZ")
        var partial = PartialAggregate()
        let rows: [(Level, Sex, Measure, Double)] = [
            (.primary, .female, .enrolment, 42), (.primary, .female, .population, 40),
            (.primary, .male, .enrolment, 45), (.primary, .male, .population, 48),
            // Lower secondary has only a female value: no parity index.
            (.lowerSecondary, .female, .enrolment, 10), (.lowerSecondary, .female, .population, 10),
        ]
        for (i, r) in rows.enumerated() {
            partial.add(
                Observation(
                    key: ObservationKey(measure: r.2, country: kgz, year: 2019, level: r.0, sex: r.1), value: r.3,
                    provenance: Provenance(sourceIndex: 0, fileIndex: 0, line: i + 2)))
        }
        let values = IndicatorEngine(selected: ["ger.gpia"]).compute(
            cube: DataCube(merging: [partial]), sourceIds: ["s"]
        ).values
        #expect(values.count == 1)
        let gpia = try #require(values.first)
        // F = 100 × 42/40 = 105, M = 100 × 45/48 = 93.75 → 1.107142857...
        #expect(gpia.uisId == "GER.1.GPIA")
        #expect(gpia.numerator == 105)
        #expect(gpia.denominator == 93.75)
        #expect(abs(gpia.value - 1.107142857142857) < 1e-12)
        #expect(gpia.sex == .total)
    }
}

extension ParityIndexTests {
    /// An indicator declares its parity indices (`IndicatorDefinition.parity`): the catalogue
    /// has exactly those, named `<id>.gpia`, `.lpia`, `.wpia`, and no other.
    @Test func theCatalogueHasTheParityIndicesEachIndicatorDeclares() {
        let catalogue = IndicatorCatalogue()
        let parityIds = Set(catalogue.parity.map(\.definition.id))
        var expected = Set<String>()
        for b in catalogue.base {
            for d in b.definition.parity { expected.insert("\(b.definition.id).\(d.rawValue)") }
        }
        #expect(parityIds == expected)
        #expect(parityIds.count == catalogue.parity.count)
        // The rates by sex have a GPIA; survey and assessment rates also an LPIA and a WPIA;
        // a ratio of pupils to teachers has none.
        #expect(parityIds.contains("ger.gpia") && !parityIds.contains("ger.lpia"))
        #expect(parityIds.isSuperset(of: ["mpl.gpia", "mpl.lpia", "mpl.wpia", "cr.wpia"]))
        #expect(!parityIds.contains { $0.hasPrefix("ptr.") })
    }
}

extension ParityIndexTests {
    /// The sex part of a UIS id is a dotted part, not text: `.M` also starts `.MATH`, which once
    /// kept mathematics' girls and boys apart, so no GPIA of 4.1.1 mathematics was written.
    @Test(arguments: [
        ("MPL.L1.GLAST.MATH.M", "MPL.L1.GLAST.MATH"), ("MPL.L1.GLAST.MATH.F", "MPL.L1.GLAST.MATH"),
        ("ROFST.1.F.CP", "ROFST.1.CP"), ("GER.1.M", "GER.1"), ("GER.1", "GER.1"),
    ])
    func theSexPartOfAUISId(id: String, base: String) {
        #expect(ParityIndicator.replacingSex(in: id, with: nil) == base)
    }
}
