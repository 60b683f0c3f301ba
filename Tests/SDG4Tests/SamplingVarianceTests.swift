import Foundation
import Testing

@testable import SDG4Aggregate

/// The sampling-variance formulas (issue 16), each on numbers small enough to check by hand,
/// and the Taylor variance against R's `survey` package when R is installed.
@Suite("Sampling variance")
struct SamplingVarianceTests {
    @Test func replicateVarianceIsTheScaledSumOfSquaredDeviations() {
        // θ = 10; replicates 11, 9, 10.5, 9.5: Σ (θ_r − θ)² = 1 + 1 + 0.25 + 0.25 = 2.5; × ½ = 1.25.
        #expect(SamplingVariance.replicate(estimate: 10, replicates: [11, 9, 10.5, 9.5], scale: 0.5) == 1.25)
        // PISA: 80 replicates, Fay's k = 0.5: 1 / (80 × 0.25) = 0.05. Plain BRR with 4: 1/4.
        #expect(abs(SamplingVariance.brrScale(replicates: 80, fay: 0.5) - 0.05) < 1e-15)
        #expect(SamplingVariance.brrScale(replicates: 4, fay: 0) == 0.25)
    }

    @Test func rubinsRulesAddTheVarianceBetweenPlausibleValues() {
        // Estimates 50, 52, 51 (mean 51) with sampling variances 4, 5, 6 (mean 5); between:
        // (1 + 1 + 0) / 2 = 1; total 5 + (1 + 1/3) × 1 = 6.333…
        let (estimate, variance) = SamplingVariance.rubin([(50, 4), (52, 5), (51, 6)])
        #expect(estimate == 51)
        #expect(abs(variance - (5 + 4.0 / 3)) < 1e-12)
        // One plausible value: its own variance.
        #expect(SamplingVariance.rubin([(50, 4)]) == (50, 4))
    }

    @Test func taylorVarianceOfARatioByHand() throws {
        // One stratum, clusters (y, x) = (2, 4), (3, 4), (1, 2): R = 6/10 = 0.6;
        // z = (y − 0.6 x)/10 = −0.04, 0.06, −0.02 (mean 0); Σ z² = 0.0056; × 3/2 = 0.0084.
        let r = try #require(
            SamplingVariance.taylorRatio([
                [ClusterTotals(y: 2, x: 4), ClusterTotals(y: 3, x: 4), ClusterTotals(y: 1, x: 2)]
            ]))
        #expect(abs(r.ratio - 0.6) < 1e-15)
        #expect(abs(r.variance - 0.0084) < 1e-15)
        // A lonely stratum (4, 5) adds z² = ((4 − R 5)/X)² with R = 10/15, X = 15; the first
        // stratum's z are then centred at their own mean.
        let l = try #require(
            SamplingVariance.taylorRatio([
                [ClusterTotals(y: 2, x: 4), ClusterTotals(y: 3, x: 4), ClusterTotals(y: 1, x: 2)],
                [ClusterTotals(y: 4, x: 5)],
            ]))
        let ratio = 10.0 / 15
        let z = [2 - ratio * 4, 3 - ratio * 4, 1 - ratio * 2].map { $0 / 15 }
        let mean = z.reduce(0, +) / 3
        let expected = 1.5 * z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } + pow((4 - ratio * 5) / 15, 2)
        #expect(abs(l.variance - expected) < 1e-15)
        #expect(SamplingVariance.taylorRatio([[ClusterTotals(y: 1, x: 0)]]) == nil)
    }

    /// The girls' attendance rate of a small stratified cluster survey (three strata, the last
    /// with one cluster) against R's `survey` (`svyratio`, `survey.lonely.psu = "adjust"`).
    @Test func taylorVarianceAgreesWithRsSurveyPackage() throws {
        let file = TestSupport.fixture("sampling/taylor-survey.csv")
        guard let r = try Self.rSurveyRatio(file) else { return }
        var clusters: [Int: [Int: ClusterTotals]] = [:]
        for line in try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            let (stratum, psu, w, girl, att) = (Int(f[0])!, Int(f[1])!, Double(f[2])!, Double(f[3])!, Double(f[4])!)
            var t = clusters[stratum, default: [:]][psu, default: ClusterTotals()]
            t.y += w * girl * att
            t.x += w * girl
            clusters[stratum, default: [:]][psu] = t
        }
        let strata = clusters.keys.sorted().map { s in clusters[s]!.keys.sorted().map { clusters[s]![$0]! } }
        let sdg4 = try #require(SamplingVariance.taylorRatio(strata))
        #expect(abs(sdg4.ratio - r.ratio) <= 1e-12 * r.ratio)
        #expect(abs(sdg4.variance.squareRoot() - r.se) <= 1e-9 * r.se, "sdg4 \(sdg4.variance.squareRoot()), R \(r.se)")
    }

    /// R's ratio and standard error for the fixture, or `nil` (the test then says it skipped)
    /// when R or its `survey` package is not installed.
    static func rSurveyRatio(_ file: String) throws -> (ratio: Double, se: Double)? {
        let script = """
            suppressMessages(library(survey)); options(survey.lonely.psu = "adjust")
            d <- read.csv("\(file)"); d$y <- d$girl * d$att
            des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d, nest = TRUE)
            r <- svyratio(~y, ~girl, des)
            cat(sprintf("%.17g %.17g\\n", coef(r), SE(r)))
            """
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/Rscript"),
            let out = try? TestSupport.run("/usr/bin/Rscript", ["-e", script]), out.code == 0
        else {
            print("skipped: R with the survey package (r-cran-survey) is not installed")
            return nil
        }
        let v = out.out.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return v.count == 2 ? (v[0], v[1]) : nil
    }
}
