namespace Cortex.Compute.Runs;

/// <summary>
/// An even sample of a stream of items in bounded memory, whatever its length: when more than the
/// capacity are held, every other one is dropped and from then on only every other item offered is
/// taken, so what is held stays evenly spread over everything offered so far.
/// </summary>
public sealed class EvenSample<T>(int capacity)
{
    readonly List<T> _items = [];
    int _stride = 1;
    long _offered;

    public IReadOnlyList<T> Items => _items;

    public void Add(T item)
    {
        if (_offered++ % _stride != 0) return;
        _items.Add(item);
        if (_items.Count <= capacity) return;
        var kept = _items.Where((_, i) => i % 2 == 0).ToList();
        _items.Clear();
        _items.AddRange(kept);
        _stride *= 2;
    }

    public void Clear()
    {
        _items.Clear();
        (_stride, _offered) = (1, 0);
    }
}
