-- wrk reporter: one line "JSON {...}" with throughput, latency percentiles (ms) and errors.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + summary.errors.status
  io.write(string.format(
    'JSON {"requests": %d, "seconds": %.3f, "rps": %.1f, "bytes": %d, "errors": %d, ' ..
    '"non_2xx": %d, "p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f}\n',
    summary.requests, seconds, summary.requests / seconds, summary.bytes, errors,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
