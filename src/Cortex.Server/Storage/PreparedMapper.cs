using System.Reflection;
using LiteDB;

namespace Cortex.Server.Storage;

/// <summary>
/// A <see cref="BsonMapper"/> that has mapped every type the data file stores before anyone uses it.
/// LiteDB 5.0.21 maps a type on first use and lets other threads read that mapping while it is still
/// half built (litedb-org/LiteDB#2536, fixed only after 5.0.21): a restarted server meeting several
/// requests at once read documents back with empty fields — a concept without its model, a document in
/// the default workspace instead of its own. It also finds a type's constructor only on the first read of it, on
/// every thread reading at once ("Collection was modified", litedb-org/LiteDB#2565, seen under load). Mapped here
/// on one thread, constructors included, nothing is built later.
/// </summary>
public static class PreparedMapper
{
    static readonly MethodInfo Entity = typeof(BsonMapper).GetMethod(nameof(BsonMapper.Entity))!;

    /// <summary>A mapper for the documents of <paramref name="collections"/>' <see cref="ILiteCollection{T}"/> properties and every Cortex type they hold.</summary>
    public static BsonMapper For(Type collections)
    {
        var mapper = new ConstructorsFirst { EnumAsInteger = false };
        // JSON has no NaN or infinity: one stored number of them made every answer holding its document fail, a whole
        // list included, until the file was repaired (schema v5). Whatever check upstream misses it, it is refused here.
        mapper.RegisterType(value => double.IsFinite(value) ? new BsonValue(value) : throw new NonFiniteNumberException(value), stored => stored.AsDouble);
        var roots = collections.GetProperties()
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(ILiteCollection<>))
            .Select(p => p.PropertyType.GetGenericArguments()[0]);
        foreach (var type in StoredTypes(roots)) Entity.MakeGenericMethod(type).Invoke(mapper, null);
        return mapper;
    }

    /// <summary>The roots and the Cortex types reachable through their public properties, lists and dictionaries; framework types LiteDB maps without an entity mapper.</summary>
    public static IReadOnlySet<Type> StoredTypes(IEnumerable<Type> roots)
    {
        var found = new HashSet<Type>();
        var pending = new Stack<Type>(roots);
        while (pending.TryPop(out var type))
        {
            if (type.IsArray) pending.Push(type.GetElementType()!);
            foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : []) pending.Push(argument);
            if (!IsCortexEntity(type) || !found.Add(type)) continue;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)) pending.Push(property.PropertyType);
        }
        return found;
    }

    /// <summary>Ignoring case: the server's own assembly is <c>cortex</c>, named for its command.</summary>
    static bool IsCortexEntity(Type type) =>
        type is { IsEnum: false, IsArray: false, IsGenericType: false } && type.Assembly.GetName().Name!.StartsWith("Cortex", StringComparison.OrdinalIgnoreCase);

    /// <summary>Finds an entity's constructor while mapping it, under LiteDB's lock, rather than on its first read.</summary>
    sealed class ConstructorsFirst : BsonMapper
    {
        protected override EntityMapper BuildAddEntityMapper(Type type)
        {
            var entity = base.BuildAddEntityMapper(type);
            entity.CreateInstance ??= GetTypeCtor(entity);
            return entity;
        }
    }
}
