/**
 * The broker contract between instances: {@link chat.core.broker.Broker} states the guarantees
 * every implementation gives (interest, order, numbering and history, bounded reads, recovery), and
 * {@link chat.core.broker.BrokerListener} receives what it carries. Uses the protocol, the history
 * model and the events; implementations live in {@code chat.core.broker.inprocess} and in the
 * chat-redis module.
 */
package chat.core.broker;
