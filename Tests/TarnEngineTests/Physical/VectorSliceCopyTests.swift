// VectorSlice.slice: rows kept past their chunk are copied out, so they do not pin the chunk's buffers.
import Testing
import TarnCore
@testable import TarnEngine

@Suite struct VectorSliceCopyTests {
  @Test func copiedSlicesOwnTheirValuesAndReadTheSameRows() {
    let fixed = VectorFactory.int64s([1, 2, 3, 4, 5])
    let one = VectorSlice.slice(fixed, 3, 1)
    #expect(!one.values.isView)
    #expect(one.values.base != fixed.values.base + 24)
    #expect(one.value(at: 0, as: Int64.self) == 4)
    let text = VectorFactory.strings(["alpha", "beta", "gamma"])
    let two = VectorSlice.slice(text, 1, 2)
    #expect(!two.values.isView)
    #expect([two.string(at: 0), two.string(at: 1)] == ["beta", "gamma"])
    #expect(VectorSlice.slice(text, 0, 3).values === text.values, "a whole vector is returned as it is")
  }
}
