/**
 * The history model that every broker keeps: how much ({@link chat.core.history.HistoryPolicy}),
 * how much one read returns ({@link chat.core.history.HistoryBounds}), and what a read saw
 * ({@link chat.core.history.HistorySlice}). Uses the protocol only.
 */
package chat.core.history;
