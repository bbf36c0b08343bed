// MemoryExhaustion's message. TemporaryFiles' removals are checked end to end by Tests/cli/process_ends.sh: a
// removeAll here would unlink the temporary outputs of writer tests running in parallel in this process.
import Testing

@testable import TarnCore

@Suite struct MemoryExhaustionTests {
  @Test func outOfMemoryMessagesNameTheSizeInBinaryUnits() {
    #expect(MemoryExhaustion.describe(512) == "512 bytes")
    #expect(MemoryExhaustion.describe(600_000_000) == "572.2 MiB")
    #expect(MemoryExhaustion.describe(3 << 30) == "3.0 GiB")
  }
}
