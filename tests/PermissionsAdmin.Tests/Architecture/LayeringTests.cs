using System.Text.RegularExpressions;

namespace PermissionsAdmin.Tests.Architecture;

/// <summary>
/// The library's top-level folders depend on each other one way only (docs/architecture.md, "Layers"): a folder may
/// use the folders listed before it and none after it (nor, in the top layer, its peers). Read from the source, so a
/// new <c>using</c> that points up the stack fails here, naming the file and the reference.
/// </summary>
public sealed partial class LayeringTests
{
    /// <summary>
    /// Bottom to top. Within a layer the order counts too: a folder sees only the folders before it, except in a layer
    /// of peers, whose folders stand side by side and use none of each other.
    /// </summary>
    internal static readonly (string Layer, string[] Folders, bool Peers)[] Layers =
    [
        ("base", ["Text"], false),
        ("entity model", ["Model", "Data"], false),
        ("catalogue", ["Permissions", "Search", "Startup", "DataProtection"], false),
        ("checker", ["Authorization", "ChangeFeed"], false),
        ("enforcement", ["Tokens", "SignIn", "Availability", "TagHelpers", "Security"], false),
        ("administration", ["Delegation", "Audit", "Users", "Groups", "Notices", "AccessRequests", "ObjectPermissions", "Sync", "Forms", "Queries"], false),
        ("admin / API / CLI", ["Admin", "Api", "Management"], true),
    ];

    /// <summary>
    /// Files in the root namespace that every folder may use (they are visible everywhere without a using) and that
    /// use no folder. The other files of the root folder are the composition root (<c>AddPermissionsAdmin</c> and the
    /// startup it runs): they may use every folder, and no folder uses them.
    /// </summary>
    internal static readonly string[] SharedBase = ["AdministrationException.cs", "PermissionsAdminOptions.cs", "PermissionsAdminServicesCheck.cs"];

    [Fact]
    public void Every_top_level_folder_is_in_a_layer()
    {
        var declared = Layers.SelectMany(l => l.Folders).ToList();
        Assert.Equal(declared.Count, declared.Distinct(StringComparer.Ordinal).Count());
        var onDisk = Directory.GetDirectories(LibraryRoot)
            .Where(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories).Any(f => !IsBuildOutput(f)))
            .Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(onDisk, declared.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void Folders_depend_only_on_the_folders_below_them()
    {
        var rank = Layers.SelectMany((l, layer) => l.Folders.Select(folder => (folder, layer, l.Peers)))
            .Select((x, index) => (x.folder, x.layer, x.Peers, index))
            .ToDictionary(x => x.folder, x => (x.layer, x.Peers, x.index), StringComparer.Ordinal);
        bool MayUse(string user, string used) =>
            rank[used].index < rank[user].index && !(rank[used].layer == rank[user].layer && rank[user].Peers);

        var files = SourceFiles().ToList();
        var typesByFolder = files.Where(f => f.Folder is not null)
            .GroupBy(f => f.Folder!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(f => DeclaredTypes(f.Code)).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        // Types in the root namespace are seen without a using: who owns each (null: the composition root).
        var rootNamespaceTypes = files.Where(f => f.Namespace == "PermissionsAdmin" && !SharedBase.Contains(f.RelativePath))
            .SelectMany(f => DeclaredTypes(f.Code).Select(type => (type, f.Folder)))
            .ToDictionary(x => x.type, x => x.Folder, StringComparer.Ordinal);

        var violations = new List<string>();
        foreach (var file in files)
        {
            var expected = file.Folder is null ? "PermissionsAdmin" : "PermissionsAdmin." + file.Folder;
            // A folder's entry points (AddX, MapX extension methods) may sit in the root namespace, found without a using.
            if (file.Namespace != expected && !file.Namespace.StartsWith(expected + ".", StringComparison.Ordinal) && file.Namespace != "PermissionsAdmin")
            {
                violations.Add($"{file.Path}: namespace {file.Namespace} is not under {expected}");
            }
            var sharedBase = SharedBase.Contains(file.RelativePath);
            if (file.Folder is null && !sharedBase) continue; // the composition root uses everything

            foreach (var (folder, reference) in References(file.Code, typesByFolder))
            {
                if (folder == file.Folder) continue;
                if (file.Folder is null) violations.Add($"{file.Path}: the shared base uses {folder} ({reference})");
                else if (!MayUse(file.Folder, folder)) violations.Add($"{file.Path}: {file.Folder} uses {folder} ({reference})");
            }
            foreach (var type in Identifiers(file.Code).Distinct(StringComparer.Ordinal))
            {
                if (!rootNamespaceTypes.TryGetValue(type, out var owner) || owner == file.Folder) continue;
                if (owner is null) violations.Add($"{file.Path}: {file.Folder ?? "the shared base"} uses the composition root's {type}");
                else if (file.Folder is null) violations.Add($"{file.Path}: the shared base uses {owner} ({type})");
                else if (!MayUse(file.Folder, owner)) violations.Add($"{file.Path}: {file.Folder} uses {owner} ({type})");
            }
        }
        Assert.True(violations.Count == 0, "Dependencies against the layers (docs/architecture.md):\n" + string.Join("\n", violations.Order(StringComparer.Ordinal)));
    }

    /// <summary>The folders a file names: <c>using PermissionsAdmin.X</c>, <c>PermissionsAdmin.X.Y</c>, and <c>X.Type</c> for a type of folder X.</summary>
    private static IEnumerable<(string Folder, string Reference)> References(string code, Dictionary<string, HashSet<string>> typesByFolder)
    {
        foreach (Match match in QualifiedName().Matches(code))
        {
            var folder = match.Groups[1].Value;
            if (typesByFolder.ContainsKey(folder)) yield return (folder, match.Value);
        }
        foreach (Match match in PartlyQualifiedName().Matches(code))
        {
            if (typesByFolder.TryGetValue(match.Groups[1].Value, out var types) && types.Contains(match.Groups[2].Value))
            {
                yield return (match.Groups[1].Value, match.Value);
            }
        }
    }

    private static IEnumerable<string> DeclaredTypes(string code) =>
        TypeDeclaration().Matches(code).Select(m => m.Groups[1].Value);

    private static IEnumerable<string> Identifiers(string code) =>
        Identifier().Matches(code).Select(m => m.Value);

    private sealed record SourceFile(string Path, string RelativePath, string? Folder, string Namespace, string Code);

    private static IEnumerable<SourceFile> SourceFiles()
    {
        foreach (var path in Directory.EnumerateFiles(LibraryRoot, "*.cs", SearchOption.AllDirectories).Where(f => !IsBuildOutput(f)))
        {
            var relative = Path.GetRelativePath(LibraryRoot, path).Replace('\\', '/');
            var slash = relative.IndexOf('/', StringComparison.Ordinal);
            var code = StripCommentsAndStrings(File.ReadAllText(path));
            var ns = NamespaceLine().Match(code);
            yield return new SourceFile("src/PermissionsAdmin/" + relative, relative, slash < 0 ? null : relative[..slash],
                ns.Success ? ns.Groups[1].Value : "(none)", NamespaceLine().Replace(code, ""));
        }
    }

    /// <summary>Prose and string contents name namespaces without depending on them.</summary>
    private static string StripCommentsAndStrings(string code) =>
        CommentOrString().Replace(code, m => m.Value.StartsWith('/') ? " " : "\"\"");

    private static bool IsBuildOutput(string path)
    {
        var relative = Path.GetRelativePath(LibraryRoot, path).Replace('\\', '/');
        return relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal);
    }

    private static string LibraryRoot { get; } = Path.Combine(FindRepositoryRoot(), "src", "PermissionsAdmin");

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PermissionsAdmin.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No PermissionsAdmin.sln above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"(?<![\w.])PermissionsAdmin\.([A-Z]\w*)")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)\.([A-Z]\w*)")]
    private static partial Regex PartlyQualifiedName();

    [GeneratedRegex(@"\b(?:class|struct|interface|enum|record)\s+(?!class\b|struct\b)([A-Z]\w*)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"\b[A-Za-z_]\w*\b")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@""(?:""""|[^""])*""|\$?""(?:\\.|[^""\\\n])*""", RegexOptions.Singleline)]
    private static partial Regex CommentOrString();
}
