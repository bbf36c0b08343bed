// Reading a column chunk's Bloom filter back, for pruning row groups by equality predicates.
import TarnCore

extension ParquetFileReader {
  /// The split-block Bloom filter of leaf `column` in row group `rowGroup`, or nil when the chunk has none.
  /// - Throws: `.corrupt` when the header or bitset lies outside the file, `.unsupported` for an unknown
  ///   algorithm, hash or compression.
  public func bloomFilter(rowGroup: Int, column: Int) throws(ParquetError) -> SplitBlockBloomFilter? {
    guard rowGroup >= 0, rowGroup < rowGroupCount, column >= 0, column < schema.columns.count else { return nil }
    guard let meta = metadata.rowGroups[rowGroup].columns[column].metaData, let offset = meta.bloomFilterOffset else {
      return nil
    }
    do throws(ParquetError) {
      let bytes = file.bytes
      guard offset >= 0, Int(offset) < bytes.count else {
        throw ParquetError(.corrupt("Bloom filter offset \(offset) outside the file"))
      }
      let (header, headerLength) = try BloomFilterHeader.decode(from: bytes, at: Int(offset))
      guard header.algorithm == .block, header.hash == .xxHash, header.compression == .uncompressed else {
        throw ParquetError(.unsupported("Bloom filter algorithm, hash or compression"))
      }
      let start = Int(offset) + headerLength
      let length = Int(header.numBytes)
      guard length > 0, length % 32 == 0, length <= bytes.count - start else {
        throw ParquetError(.corrupt("Bloom filter of \(length) bytes at \(start)"))
      }
      return SplitBlockBloomFilter(bitset: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)]))
    } catch {
      throw error.at(file: path, rowGroup: rowGroup, column: schema.columns[column].dottedPath)
    }
  }
}
