@testable import TarnParquet
