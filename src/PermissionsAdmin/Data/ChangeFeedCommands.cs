using System.Data.Common;

namespace PermissionsAdmin.Data;

/// <summary>
/// The change feed's own commands carry a tag (an SQL comment, EF Core writes it as the command's first line), so
/// that they can be told apart in the database's logs, and by counters of what requests cost.
/// </summary>
internal static class ChangeFeedCommands
{
    public const string QueryTag = "PermissionsAdmin change feed";

    public static bool IsFeedCommand(DbCommand command) => command.CommandText.StartsWith("-- " + QueryTag, StringComparison.Ordinal);
}
