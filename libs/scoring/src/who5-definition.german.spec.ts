import { WHO5 } from './index.js';

// The official German WHO-5 (WHO Collaborating Centre in Mental Health, Hillerød, version 1998):
// the API's language selection is tested against this second language.
describe('WHO-5 in German', () => {
  it('declares en and de', () => {
    expect(WHO5.languages).toEqual(['en', 'de']);
  });

  it('has the German item texts with the same item codes', () => {
    expect(WHO5.items.map((i) => [i.code, i.text['de']])).toEqual([
      ['WHO5_1', 'In den letzten zwei Wochen war ich froh und guter Laune.'],
      ['WHO5_2', 'In den letzten zwei Wochen habe ich mich ruhig und entspannt gefühlt.'],
      ['WHO5_3', 'In den letzten zwei Wochen habe ich mich energisch und aktiv gefühlt.'],
      ['WHO5_4', 'In den letzten zwei Wochen habe ich mich beim Aufwachen frisch und ausgeruht gefühlt.'],
      ['WHO5_5', 'In den letzten zwei Wochen war mein Alltag voller Dinge, die mich interessieren.'],
    ]);
  });

  it('labels every option in German, 5 = "Die ganze Zeit" … 0 = "Zu keinem Zeitpunkt"', () => {
    for (const item of WHO5.items) {
      expect(item.options.map((o) => [o.code, o.label['de']])).toEqual([
        [5, 'Die ganze Zeit'],
        [4, 'Meistens'],
        [3, 'Etwas mehr als die Hälfte der Zeit'],
        [2, 'Etwas weniger als die Hälfte der Zeit'],
        [1, 'Ab und zu'],
        [0, 'Zu keinem Zeitpunkt'],
      ]);
    }
  });
});
