/**
 * The single-instance broker, the embedded default: {@link chat.core.broker.inprocess.InProcessBroker}
 * with each room's history in memory, all histories together held within their bounds. Uses the
 * broker contract, the history model, the protocol and the events.
 */
package chat.core.broker.inprocess;
