import { describe, expect, it } from '@jest/globals';
import { freezeView, serializeReply } from './reply-serializer.js';

const dispute = () => ({ id: 'jp-kr-2019', version: 26, at: new Date('2019-08-28T00:00:00Z'), measures: [{ id: 'm1', items: ['photoresist'] }], notice: null });

describe('serializeReply', () => {
  it('given any payload, then what JSON.stringify gives', () => {
    for (const payload of [dispute(), [1, 'a', null], 'text', 3, null, { nested: { deeper: [{}] } }]) expect(serializeReply(payload)).toBe(JSON.stringify(payload));
  });

  it('given a frozen view, then the same text every time, and the view can no longer change', () => {
    const view = freezeView(dispute());
    const first = serializeReply(view);
    expect(first).toBe(JSON.stringify(dispute()));
    expect(serializeReply(view)).toBe(first);
    expect(() => view.measures[0]!.items.push('etching gas')).toThrow(TypeError);
    expect(() => Object.assign(view, { version: 27 })).toThrow(TypeError);
  });

  it('given a view holding something that is not plain data, then it is left unfrozen and serialised afresh', () => {
    class Counter {
      n = 1;
    }
    const view = freezeView({ id: 'x', counter: new Counter() });
    expect(Object.isFrozen(view)).toBe(false);
    expect(serializeReply(view)).toBe('{"id":"x","counter":{"n":1}}');
    view.counter.n = 2;
    expect(serializeReply(view)).toBe('{"id":"x","counter":{"n":2}}');
  });
});
