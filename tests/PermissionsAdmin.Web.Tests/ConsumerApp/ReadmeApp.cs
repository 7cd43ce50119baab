using System.Text.RegularExpressions;

namespace PermissionsAdmin.Web.Tests.ConsumerApp;

/// <summary>
/// The app README's section "Add PermissionsAdmin to your app" describes: each fenced block preceded by
/// <c>&lt;!-- consumer-app: NAME --&gt;</c>, where NAME is a file of the app or <c>shell</c> (commands, in order).
/// </summary>
internal sealed partial record ReadmeApp(IReadOnlyDictionary<string, string> Files, IReadOnlyList<string> Commands)
{
    public static ReadmeApp Parse(string readme)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var commands = new List<string>();
        foreach (Match block in MarkedBlock().Matches(readme.ReplaceLineEndings("\n")))
        {
            var (name, body) = (block.Groups["name"].Value, block.Groups["body"].Value);
            if (name == "shell") commands.AddRange(body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            else Assert.True(files.TryAdd(name, body), $"README names the file {name} twice.");
        }
        return new ReadmeApp(files, commands);
    }

    [GeneratedRegex(@"<!-- consumer-app: (?<name>[^ ]+) -->\n```[a-z]*\n(?<body>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex MarkedBlock();
}
