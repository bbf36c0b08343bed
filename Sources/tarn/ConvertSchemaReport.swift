// ConvertSchemaReport: `tarn convert --print-schema` — what sniffing found (format, dialect, header, types) without converting.
import TarnCore
import TarnFormats

/// The report: one block per input file, then the united schema as `name TYPE` lines.
func describeSchema(_ input: inout any ConvertInput) throws -> String {
  var out = ""
  if let text = input as? TextConvertInput {
    for plan in text.reader.csvPlans {
      out += "file: \(plan.path)\n"
      out += "  format: csv\n"
      out += "  dialect: \(plan.dialect)\n"
      out += "  header: \(plan.hasHeader)\n"
    }
    for plan in text.reader.jsonPlans {
      out += "file: \(plan.path)\n"
      out += "  format: \(plan.format == .array ? "json (array)" : "json (newline-delimited)")\n"
    }
  } else {
    out += "format: parquet\n"
  }
  out += "schema:\n"
  for field in input.schema.fields {
    out += "  \(field.name) \(field.type.sqlName)\n"
  }
  return out
}
