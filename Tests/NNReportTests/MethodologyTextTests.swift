import Foundation
import NNResults
@testable import NNReport
import Testing

/// The report's methodology lines are rendered from the settings and the statistics policy the
/// figures were computed with: change a value, and the text changes with it.
@Suite struct MethodologyTextTests {
    @Test func defaultsGiveTheGoldenWording() {
        let md = MarkdownReport.render(Fixture.run, charts: Fixture.links)
        #expect(md.contains("| warm-up | until 3 successive chunks agree within 5%, at most"))
        #expect(md.contains("percentile-bootstrap 95% CI (2000 seeded resamples)"))
        #expect(md.contains("outliers = beyond median ± 3 · 1.4826 · MAD"))
        #expect(md.contains("median step [95% CI]"))
    }

    @Test func statisticsPolicyChangesTheText() {
        let policy = StatisticsPolicy(resamples: 500, level: 0.9, outlierMADs: 2.5)
        let md = MarkdownReport.render(Fixture.run, charts: Fixture.links, policy: policy)
        #expect(md.contains("percentile-bootstrap 90% CI (500 seeded resamples)"))
        #expect(md.contains("outliers = beyond median ± 2.5 · 1.4826 · MAD"))
        #expect(md.contains("median step [90% CI]") && md.contains("whole 90% interval lies above 1 + margin"))
        #expect(!md.contains("2000 seeded resamples") && !md.contains("95%"))
    }

    @Test func warmupRuleChangesTheText() {
        var run = Fixture.run
        run.settings.warmupWindow = 4
        run.settings.warmupTolerance = 0.02
        let md = MarkdownReport.render(run)
        #expect(md.contains("| warm-up | until 4 successive chunks agree within 2%, at most"))
        #expect(md.contains("† warm-up hit its bound before four successive chunks agreed within 2%"))
    }

    @Test func historyStatesItsSignificanceLevel() {
        let h = History.build([])
        #expect(HistoryReport.render(h).contains("p < 0.05 with a 95% interval"))
        let strict = ComparisonSettings(alpha: 0.01, level: 0.99)
        #expect(HistoryReport.render(h, settings: strict).contains("p < 0.01 with a 99% interval"))
    }

    @Test func theVerdictVocabularyStatesThePolicyMargins() {
        var p = ClaimPolicy()
        #expect(MarkdownReport.vocabulary(p).contains("margin ±5%") && MarkdownReport.vocabulary(p).contains("margin ±10%"))
        p.practicalMargin = 0.02
        p.firstStepMargin = 0.15
        p.minimumFirstStepRepeats = 9
        let text = MarkdownReport.vocabulary(p)
        #expect(text.contains("margin ±2%") && text.contains("margin ±15%") && text.contains("at least 9 fresh-session"))
    }
}
