namespace PermissionsAdmin.Data;

/// <summary>
/// A change met a database outage part-way and is not retried (see <c>InTransactionAsync</c>): its transaction was
/// not committed, unless the outage struck while the commit's answer was on its way. Answered with 503.
/// </summary>
public sealed class DatabaseUnavailableException(Exception outage)
    : Exception("The database could not be reached; the change was not retried.", outage);
