using System.Linq.Expressions;
using PermissionsAdmin.Data;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Admin.Entities;

/// <summary>A choice of a list filter: the query string's value and the link's text.</summary>
internal sealed record FilterChoice(string Value, string Label);

/// <summary>
/// What a list filter offers, and the condition each choice puts on a row. Values reach SQL as parameters (one cached
/// query plan per filter, whatever the value).
/// </summary>
internal static class EntityFilters
{
    private static readonly FilterChoice[] Dates =
        [new("today", "Today"), new("past7", "Past 7 days"), new("month", "This month"), new("year", "This year")];

    /// <summary>The choices of a filter on anything but a foreign key (whose choices are its table's rows).</summary>
    public static IReadOnlyList<FilterChoice> Choices(AdminField field) => field.Kind switch
    {
        FieldKind.Boolean or FieldKind.NullableBoolean => [new("true", "Yes"), new("false", "No")],
        FieldKind.Enum => Enum.GetNames(field.ValueType).Select(n => new FilterChoice(n, Words.FromName(n))).ToList(),
        FieldKind.DateTime or FieldKind.Date => Dates,
        _ => [],
    };

    public static bool CanFilter(AdminField field) => field.Kind is FieldKind.ForeignKey || Choices(field).Count > 0;

    /// <summary>The condition <paramref name="value"/> of the filter on <paramref name="field"/> puts on a row; null for a value it does not offer.</summary>
    public static Expression? Condition(AdminField field, Expression row, string value, DateTime utcNow)
    {
        var property = Expression.Property(row, field.Property.PropertyInfo!);
        if (field.Kind is FieldKind.DateTime or FieldKind.Date)
        {
            var today = utcNow.Date;
            (DateTime From, DateTime To)? range = value switch
            {
                "today" => (today, today.AddDays(1)),
                "past7" => (today.AddDays(-6), today.AddDays(1)),
                "month" => (new DateTime(today.Year, today.Month, 1, 0, 0, 0, DateTimeKind.Utc), today.AddDays(1)),
                "year" => (new DateTime(today.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc), today.AddDays(1)),
                _ => null,
            };
            if (range is not { } r) return null;
            return Expression.AndAlso(
                Expression.GreaterThanOrEqual(property, QueryParameter.Of(DateValue(field.ValueType, r.From), property.Type)),
                Expression.LessThan(property, QueryParameter.Of(DateValue(field.ValueType, r.To), property.Type)));
        }
        if (field.Kind is not (FieldKind.Boolean or FieldKind.NullableBoolean or FieldKind.Enum or FieldKind.ForeignKey)) return null;
        if (field.Kind != FieldKind.ForeignKey && !Choices(field).Any(c => c.Value == value)) return null;
        if (!field.TryConvert(value, out var parsed) || parsed is null) return null;
        return Expression.Equal(property, QueryParameter.Of(parsed, property.Type));
    }

    private static object DateValue(Type type, DateTime utc) =>
        type == typeof(DateTimeOffset) ? new DateTimeOffset(utc, TimeSpan.Zero)
        : type == typeof(DateOnly) ? DateOnly.FromDateTime(utc)
        : utc;
}
