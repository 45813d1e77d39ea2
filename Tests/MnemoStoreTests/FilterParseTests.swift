import Foundation
import Testing
@testable import MnemoStore

@Suite struct FilterParseTests {
    @Test func parsesConditionsWithColumns() throws {
        let filter = try RunFilter.parse("status = finished and metrics.loss < 2.0 AND params.lr=1e-4")
        #expect(filter.conditions.count == 3)
        #expect(filter.conditions[0].field == .status && filter.conditions[0].op == .equal)
        #expect(filter.conditions[0].value.text == "finished" && filter.conditions[0].value.number == nil)
        #expect(filter.conditions[1].field == .metric("loss") && filter.conditions[1].op == .less)
        #expect(filter.conditions[1].value.number == 2.0)
        #expect(filter.conditions[1].column == 23)
        #expect(filter.conditions[2].field == .param("lr") && filter.conditions[2].value.number == 1e-4)
    }

    @Test func parsesEveryOperatorAndQuotedValues() throws {
        let ops = ["=": RunFilter.Operator.equal, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater,
                   ">=": .greaterOrEqual, "~": .contains, "==": .equal]
        for (text, op) in ops {
            #expect(try RunFilter.parse("name \(text) 'a b'").conditions.first?.op == op, "operator \(text)")
        }
        let quoted = try RunFilter.parse(#"name = "it's \"x\"" and kind ~ 'pre'"#)
        #expect(quoted.conditions.map(\.value.text) == [#"it's "x""#, "pre"])
        #expect(try RunFilter.parse("   ").conditions.isEmpty)
        #expect(try RunFilter.parse("seed >= -3").conditions.first?.value.number == -3)
    }

    @Test(arguments: [
        ("stauts = finished", 1, "unknown field 'stauts' (did you mean 'status'?)"),
        ("bogus = 1", 1, "unknown field 'bogus' (fields: status, name, kind, seed, id, session, params.NAME, metrics.NAME)"),
        ("status finished", 8, "expected an operator (= != < <= > >= ~) after 'status', found 'f'"),
        ("status", 7, "expected an operator (= != < <= > >= ~) after 'status', found end of filter"),
        ("status =", 9, "expected a value after '='"),
        ("status = done", 10, "unknown status 'done' (running, finished, interrupted, failed)"),
        ("metrics.loss < low", 16, "'metrics.loss' compares with a number, found 'low'"),
        ("seed ~ 3", 6, "'~' needs a text field, but 'seed' is a number"),
        ("name = 'abc", 8, "unterminated string starting here (add a closing ')"),
        ("status = finished or seed = 1", 19, "only 'and' can join conditions ('or' is not supported)"),
        ("status = finished seed = 1", 19, "expected 'and' between conditions, found 'seed'"),
        ("status = finished and", 19, "expected a condition after 'and'"),
        ("= 3", 1, "expected a field name before '='"),
        ("params. = 3", 1, "'params.' needs a name after the dot, e.g. params.lr"),
        ("metrics.`f1 = 2", 9, "unterminated name starting here (add a closing `)"),
        ("`` = 2", 1, "expected a field name"),
        ("id = 3<4", 6, "unexpected '<' in value '3<4' (quote values that contain operators)"),
    ])
    func badFiltersNameTheColumnAndProblem(filter: String, column: Int, message: String) {
        #expect(throws: StoreError.invalidFilter(column: column, message: message)) {
            _ = try RunFilter.parse(filter)
        }
    }

    @Test func quotedNamesHoldSpacesAndOperators() throws {
        let filter = try RunFilter.parse("metrics.`f1 score` > 0.5 and params.\"a=b\" = x")
        #expect(filter.conditions.map(\.field) == [.metric("f1 score"), .param("a=b")])
    }

    @Test func errorDescriptionIsOneLine() {
        let description = StoreError.invalidFilter(column: 3, message: "unknown field 'x'").description
        #expect(description == "filter, column 3: unknown field 'x'")
    }

    @Test func sortKeys() throws {
        #expect(try RunSortKey.parse("started") == RunSortKey(field: .started, descending: false))
        #expect(try RunSortKey.parse("-metrics.loss") == RunSortKey(field: .metric("loss"), descending: true))
        #expect(try RunSortKey.parse("+params.lr") == RunSortKey(field: .param("lr"), descending: false))
        #expect(try RunSortKey.parseList("status, -id").map(\.field) == [.status, .id])
        #expect(throws: StoreError.invalidSort("-loss")) { _ = try RunSortKey.parse("-loss") }
    }
}
