using System.CommandLine;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Management;

public sealed partial class ManagementCli
{
    /// <summary>
    /// <c>--until</c> and <c>--for</c> of the commands that give a membership or a direct grant: when it ends, at a
    /// moment or a while from now by the app's clock; neither gives it for good.
    /// </summary>
    private sealed class EndOptions
    {
        private readonly Option<string?> _until = new("--until")
        {
            Description = $"End it at this moment, in ISO 8601 with its offset (e.g. {IsoInstant.Example}).",
        };

        private readonly Option<string?> _for = new("--for") { Description = "End it this long from now: minutes, hours or days (e.g. 30m, 8h, 7d)." };

        public EndOptions(Command command)
        {
            command.Add(_until);
            command.Add(_for);
        }

        /// <summary>The end the options give, null for good; refused when both are given or one is unreadable.</summary>
        public DateTimeOffset? Read(ParseResult parse, TimeProvider clock)
        {
            var (until, after) = (parse.GetValue(_until), parse.GetValue(_for));
            if (until is not null && after is not null) throw new AdministrationException("Give --until or --for, not both.");
            if (until is not null)
            {
                return IsoInstant.TryParse(until, out var end) ? end : throw new AdministrationException(
                    $"--until takes a moment in ISO 8601 with its offset, such as {IsoInstant.Example}; not '{until}'.");
            }
            if (after is null) return null;
            return ShortDuration.TryParse(after, out var duration) ? clock.GetUtcNow() + duration
                : throw new AdministrationException($"--for takes a positive number of minutes, hours or days, such as {ShortDuration.Examples}; not '{after}'.");
        }
    }

    /// <summary>How a command's confirmation names the end it gave: " until …", or nothing for good.</summary>
    private static string Until(DateTimeOffset? end) => end is { } at ? $" until {When(at.UtcDateTime)}" : "";
}
