using System.Collections.Concurrent;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PermissionsAdmin.Data;
using PermissionsAdmin.Text;
using static PermissionsAdmin.Data.SqlIdentifier;

namespace PermissionsAdmin.Search;

/// <summary>
/// Django's admin search: every word must be somewhere in one of the columns, ignoring case
/// (<c>lower(column) LIKE '%word%'</c>). With the index of <see cref="SearchIndexMigrationBuilderExtensions"/> it
/// reads only the rows holding the words: on PostgreSQL the planner uses the trigram indexes on those very
/// expressions; on SQLite the words of three characters or more are looked up in the FTS5 table (shorter ones are
/// below a trigram and are checked with LIKE on the rows found, or on every row if no word is long enough).
/// </summary>
public sealed class SubstringSearch
{
    private const string LikeEscape = "\\";
    private static readonly MethodInfo ToLower = typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!;
    private static readonly MethodInfo Like = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like),
        [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

    /// <summary>Per database and table: the columns its search table covers (empty for none).</summary>
    private readonly ConcurrentDictionary<(string? Database, string Table), string[]> _indexedColumns = new();

    /// <summary>The words of a search box: split on white space, repeats dropped, at most ten.</summary>
    public static string[] Words(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Distinct().Take(10).ToArray();

    /// <summary>
    /// Whether the trigram index can find the rows: a word of three characters or more. Shorter words alone are
    /// checked on every row.
    /// </summary>
    public static bool Indexable(string? text) => Words(text).Any(IsTrigramWord);

    private static bool IsTrigramWord(string word) => new StringInfo(word).LengthInTextElements >= 3;

    /// <summary>A search no stored text can match (the forms refuse control characters), answered without a query PostgreSQL would refuse.</summary>
    public static bool Unmatchable(string? text) => PlainText.HasControlCharacters(text);

    /// <summary>
    /// The rows where each word of <paramref name="text"/> is in one of <paramref name="columns"/> (mapped text
    /// properties of one table), written for <paramref name="plan"/>. <paramref name="atMost"/>, with
    /// <see cref="QueryPlan.Count"/>: the index is read for no more than that many (a capped count, when nothing else
    /// narrows the rows).
    /// </summary>
    public async Task<IQueryable<TEntity>> WhereAsync<TEntity>(
        DbContext db, IQueryable<TEntity> rows, IReadOnlyList<IProperty> columns, string? text,
        QueryPlan plan = QueryPlan.Default, int? atMost = null, CancellationToken cancellationToken = default) where TEntity : class
    {
        if (Unmatchable(text)) return rows.Where(_ => false);
        var words = Words(text);
        if (words.Length == 0 || columns.Count == 0) return rows;
        IEnumerable<string> scanned = words;
        if (plan != QueryPlan.SortOrder && await LookupAsync(db, columns, words, cancellationToken) is { } lookup
            && (plan == QueryPlan.Count || !await MatchesManyAsync(db, lookup, cancellationToken)))
        {
            var ids = plan == QueryPlan.Count && atMost is { } most ? lookup.Keys(db, most) : lookup.Keys(db);
            var keyName = lookup.KeyName;
            rows = rows.Where(e => ids.Contains(EF.Property<int>(e, keyName)));
            scanned = lookup.Unindexed;
        }
        var row = Expression.Parameter(typeof(TEntity), "e");
        foreach (var word in scanned)
        {
            var pattern = QueryParameter.Of(Pattern(word), typeof(string));
            var anyColumn = columns
                .Select(c => (Expression)Expression.Call(Like, Expression.Constant(EF.Functions),
                    Expression.Call(Expression.Property(row, c.PropertyInfo!), ToLower), pattern, Expression.Constant(LikeEscape)))
                .Aggregate(Expression.OrElse);
            rows = rows.Where(Expression.Lambda<Func<TEntity, bool>>(anyColumn, row));
        }
        return rows;
    }

    /// <summary>
    /// The keys of the rows <paramref name="text"/> matches, at most <paramref name="atMost"/>, read from the search
    /// table alone, reading no row of the table; null where it cannot tell alone (no search table, which includes
    /// PostgreSQL's per-column indexes, or a word shorter than a trigram on SQLite).
    /// </summary>
    public async Task<IQueryable<int>?> IndexedKeysAsync(
        DbContext db, IReadOnlyList<IProperty> columns, string? text, int atMost, CancellationToken cancellationToken = default)
    {
        if (Unmatchable(text)) return null;
        var words = Words(text);
        return words.Length > 0 && await LookupAsync(db, columns, words, cancellationToken) is { Unindexed: [] } lookup
            ? lookup.Keys(db, atMost)
            : null;
    }

    /// <summary>
    /// The lookup of a search in the table's search table, when it has one covering the columns and a word is long
    /// enough for a trigram. SQLite's FTS5 table: the words of three characters or more, each a phrase (a substring, for
    /// the trigram tokenizer), all of them (AND) in the searched columns; the shorter ones are left to LIKE.
    /// PostgreSQL's search table: every word with LIKE on the one lowercased text of exactly these columns.
    /// </summary>
    private async Task<IndexLookup?> LookupAsync(DbContext db, IReadOnlyList<IProperty> columns, string[] words, CancellationToken cancellationToken)
    {
        var provider = db.Database.ProviderName;
        if (columns.Count == 0 || provider is not (DatabaseProviders.Sqlite or DatabaseProviders.Npgsql)) return null;
        var entityType = columns[0].DeclaringType.ContainingEntityType;
        var table = entityType.GetTableName()!;
        var names = columns.Select(c => c.GetColumnName()).ToList();
        var indexed = await IndexedColumnsAsync(db, table, cancellationToken);
        var trigramWords = words.Where(IsTrigramWord).ToList();
        // The index's rowid (SQLite) or key column (PostgreSQL) is the table's integer key.
        var key = entityType.FindPrimaryKey()!.Properties;
        var covered = provider == DatabaseProviders.Sqlite ? names.All(indexed.Contains) : names.Order().SequenceEqual(indexed.Order());
        if (!covered || trigramWords.Count == 0 || key is not [{ ClrType: var keyType }] || keyType != typeof(int)) return null;
        var index = Quote(SearchIndexMigrationBuilderExtensions.SearchTable(table));
        if (provider == DatabaseProviders.Sqlite)
        {
            var match = $"{{{string.Join(' ', names.Select(Quote))}}} : ({string.Join(" AND ", trigramWords.Select(Quote))})";
            return new IndexLookup($"SELECT rowid AS \"Value\" FROM {index} WHERE {index} MATCH {{0}}", [match],
                $"SELECT coalesce(max(rowid), 0) AS \"Value\" FROM {index}", key[0].Name, words.Except(trigramWords).ToArray());
        }
        var keyColumn = Quote(key[0].GetColumnName());
        var likes = string.Join(" AND ", words.Select((_, i) => $"\"Text\" LIKE {{{i}}} ESCAPE '{LikeEscape}'"));
        return new IndexLookup($"SELECT {keyColumn} AS \"Value\" FROM {index} WHERE {likes}",
            [.. words.Select(w => (object)Pattern(w))], $"SELECT coalesce(max({keyColumn}), 0) AS \"Value\" FROM {index}", key[0].Name, []);
    }

    /// <param name="Sql">The keys' query; the words are its parameters.</param>
    /// <param name="Words">The parameters of <paramref name="Sql"/>.</param>
    /// <param name="SizeSql">The highest key indexed: the table's size, near enough.</param>
    /// <param name="KeyName">The table's key property.</param>
    /// <param name="Unindexed">The words the lookup leaves out (too short for SQLite's index).</param>
    private sealed record IndexLookup(string Sql, object[] Words, string SizeSql, string KeyName, string[] Unindexed)
    {
        public IQueryable<int> Keys(DbContext db) => db.Database.SqlQueryRaw<int>(Sql, Words);

        public IQueryable<int> Keys(DbContext db, int atMost) => db.Database.SqlQueryRaw<int>(CappedSql, [.. Words, atMost]);

        private string CappedSql => Sql + " LIMIT {" + Words.Length + "}";
    }

    /// <summary>
    /// Whether so many rows match that reading the list in its own order and checking each row finds a page sooner than
    /// fetching and sorting every match, which SQLite would do for <c>key IN (matches)</c> whatever their number (a
    /// word in every post: 0.7 s at 1,000,000). A page of P rows in a table of N takes about N·P/M rows read when M
    /// rows match, against M fetched: beyond M = √(N·P) reading in order wins. Counting stops there, so the question
    /// costs little either way.
    /// </summary>
    private static async Task<bool> MatchesManyAsync(DbContext db, IndexLookup lookup, CancellationToken cancellationToken)
    {
        const int TypicalPage = 50;
        var newest = await db.Database.SqlQueryRaw<long>(lookup.SizeSql).SingleAsync(cancellationToken);
        var many = (int)Math.Min(int.MaxValue - 1, Math.Sqrt((double)newest * TypicalPage)) + 1;
        return await lookup.Keys(db, many).CountAsync(cancellationToken) >= many;
    }

    /// <summary>
    /// The columns the table's search table covers (empty for none), read once per database and table: a database made
    /// without the migration (EnsureCreated, or before it) has none and is searched by scanning. SQLite: the FTS5
    /// table's columns. PostgreSQL: the search table's comment (<see cref="SearchIndexMigrationBuilderExtensions.CreateSearchTable"/>).
    /// </summary>
    private async Task<string[]> IndexedColumnsAsync(DbContext db, string table, CancellationToken cancellationToken)
    {
        var cacheKey = (db.Database.GetConnectionString(), table);
        if (_indexedColumns.TryGetValue(cacheKey, out var columns)) return columns;
        var index = SearchIndexMigrationBuilderExtensions.SearchTable(table);
        if (db.Database.ProviderName == DatabaseProviders.Sqlite)
        {
            columns = [.. await db.Database
                .SqlQuery<string>($"SELECT name AS \"Value\" FROM pragma_table_info({index}) WHERE EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = {index} AND sql LIKE '%fts5%')")
                .ToListAsync(cancellationToken)];
        }
        else
        {
            var comment = await db.Database
                .SqlQuery<string?>($"SELECT obj_description(to_regclass({Quote(index)}), 'pg_class') AS \"Value\"")
                .SingleAsync(cancellationToken);
            columns = comment?.Split(", ") ?? [];
        }
        return _indexedColumns.GetOrAdd(cacheKey, columns);
    }

    /// <summary>The LIKE pattern of a word anywhere in a lowercased text.</summary>
    private static string Pattern(string word) => "%" + EscapeLike(word.ToLowerInvariant()) + "%";

    private static string EscapeLike(string text) =>
        text.Replace(LikeEscape, LikeEscape + LikeEscape, StringComparison.Ordinal)
            .Replace("%", LikeEscape + "%", StringComparison.Ordinal)
            .Replace("_", LikeEscape + "_", StringComparison.Ordinal);
}
