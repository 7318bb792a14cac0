/**
 * What an operator watches: the Prometheus metrics ({@link chat.runner.ops.ChatMetrics}, fed by the
 * hub's events) and the side port serving {@code /metrics} and {@code /health}
 * ({@link chat.runner.ops.OpsServer}). Uses chat-core's events and the Prometheus client.
 */
package chat.runner.ops;
