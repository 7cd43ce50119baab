using System.Collections.Concurrent;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PermissionsAdmin.Data;
using PermissionsAdmin.Text;

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

    /// <summary>Per database and table: the columns of the SQLite FTS5 index over it (empty for none).</summary>
    private readonly ConcurrentDictionary<(string? Database, string Table), string[]> _sqliteIndexes = new();

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
        CancellationToken cancellationToken = default, QueryPlan plan = QueryPlan.Default, int? atMost = null) where TEntity : class
    {
        if (Unmatchable(text)) return rows.Where(_ => false);
        var words = Words(text);
        if (words.Length == 0 || columns.Count == 0) return rows;
        IEnumerable<string> scanned = words;
        if (await SqliteLookupAsync(db, columns, words, cancellationToken) is { } lookup
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
            var pattern = QueryParameter.Of("%" + EscapeLike(word.ToLowerInvariant()) + "%", typeof(string));
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
    /// index alone, for counting them without reading a row; null where the index cannot tell alone (no index, a
    /// word shorter than a trigram, or a database whose index is on the table itself, as PostgreSQL's).
    /// </summary>
    public async Task<IQueryable<int>?> IndexedKeysAsync(
        DbContext db, IReadOnlyList<IProperty> columns, string? text, int atMost, CancellationToken cancellationToken = default)
    {
        if (Unmatchable(text)) return null;
        var words = Words(text);
        return words.Length > 0 && await SqliteLookupAsync(db, columns, words, cancellationToken) is { Unindexed: [] } lookup
            ? lookup.Keys(db, atMost)
            : null;
    }

    /// <summary>
    /// The FTS5 lookup of a search on SQLite, when the columns have an index and a word is long enough for it: the
    /// words of three characters or more, each a phrase (a substring, for the trigram tokenizer), all of them (AND) in
    /// the searched columns; the shorter ones are left to LIKE.
    /// </summary>
    private async Task<IndexLookup?> SqliteLookupAsync(DbContext db, IReadOnlyList<IProperty> columns, string[] words, CancellationToken cancellationToken)
    {
        if (columns.Count == 0 || db.Database.ProviderName != DatabaseProviders.Sqlite) return null;
        var entityType = columns[0].DeclaringType.ContainingEntityType;
        var table = entityType.GetTableName()!;
        var names = columns.Select(c => c.GetColumnName()).ToList();
        var indexed = await SqliteIndexAsync(db, table, cancellationToken);
        var trigramWords = words.Where(IsTrigramWord).ToList();
        // The FTS5 rowid is the table's integer key.
        var key = entityType.FindPrimaryKey()!.Properties;
        if (!names.All(indexed.Contains) || trigramWords.Count == 0 || key is not [{ ClrType: var keyType }] || keyType != typeof(int)) return null;
        var match = $"{{{string.Join(' ', names.Select(FtsString))}}} : ({string.Join(" AND ", trigramWords.Select(FtsString))})";
        var index = SearchIndexMigrationBuilderExtensions.SqliteIndexTable(table).Replace("\"", "\"\"", StringComparison.Ordinal);
        return new IndexLookup(index, match, key[0].Name, words.Except(trigramWords).ToArray());
    }

    /// <param name="Index">The FTS5 table, quoted for SQL.</param>
    /// <param name="Match">The MATCH expression, sent as a parameter.</param>
    /// <param name="KeyName">The table's key property, the index's rowid.</param>
    /// <param name="Unindexed">The words too short for the index.</param>
    private sealed record IndexLookup(string Index, string Match, string KeyName, string[] Unindexed)
    {
        /// <summary>The table's name comes from the model, quoted; the words are a parameter.</summary>
        public string Sql => $"SELECT rowid AS \"Value\" FROM \"{Index}\" WHERE \"{Index}\" MATCH {{0}}";

        public IQueryable<int> Keys(DbContext db) => db.Database.SqlQueryRaw<int>(Sql, Match);

        public IQueryable<int> Keys(DbContext db, int atMost) => db.Database.SqlQueryRaw<int>(CappedSql, Match, atMost);

        private string CappedSql => Sql + " LIMIT {1}";
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
        var size = $"SELECT coalesce(max(rowid), 0) AS \"Value\" FROM \"{lookup.Index}\"";
        var newest = await db.Database.SqlQueryRaw<long>(size).SingleAsync(cancellationToken);
        var many = (int)Math.Min(int.MaxValue - 1, Math.Sqrt((double)newest * TypicalPage)) + 1;
        return await lookup.Keys(db, many).CountAsync(cancellationToken) >= many;
    }

    /// <summary>
    /// Read once per database and table: a database made without the migration (EnsureCreated, or before it) has
    /// no index and is searched by scanning.
    /// </summary>
    private async Task<string[]> SqliteIndexAsync(DbContext db, string table, CancellationToken cancellationToken)
    {
        var cacheKey = (db.Database.GetConnectionString(), table);
        if (_sqliteIndexes.TryGetValue(cacheKey, out var columns)) return columns;
        var index = SearchIndexMigrationBuilderExtensions.SqliteIndexTable(table);
        columns = [.. await db.Database
            .SqlQuery<string>($"SELECT name AS \"Value\" FROM pragma_table_info({index}) WHERE EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = {index} AND sql LIKE '%fts5%')")
            .ToListAsync(cancellationToken)];
        return _sqliteIndexes.GetOrAdd(cacheKey, columns);
    }

    private static string FtsString(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string EscapeLike(string text) =>
        text.Replace(LikeEscape, LikeEscape + LikeEscape, StringComparison.Ordinal)
            .Replace("%", LikeEscape + "%", StringComparison.Ordinal)
            .Replace("_", LikeEscape + "_", StringComparison.Ordinal);
}
