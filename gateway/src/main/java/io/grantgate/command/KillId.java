package io.grantgate.command;

/**
 * A connection id written in a KILL of a multi-statement, where the gateway may replace it by the
 * backend connection id the session it names holds.
 *
 * @param offset where its digits start, counted from the command byte of the COM_QUERY payload
 * @param length how many digits
 * @param id their value
 */
public record KillId(int offset, int length, long id) {}
