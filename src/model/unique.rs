//! Maps read from a file refuse a key that appears twice: with a plain map the later entry
//! would silently replace the earlier one, and an amount or a whole table would vanish.

use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// `#[serde(deserialize_with = "unique::map")]` for a `BTreeMap<String, V>`.
pub fn map<'de, D, V>(d: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Unique<V>(PhantomData<V>);

    impl<'de, V: Deserialize<'de>> Visitor<'de> for Unique<V> {
        type Value = BTreeMap<String, V>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a map")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(key) = access.next_key::<String>()? {
                if out.contains_key(&key) {
                    return Err(A::Error::custom(format!(
                        "键“{key}”出现了两次（后一个会覆盖前一个，请删去其一）"
                    )));
                }
                let value = access.next_value()?;
                out.insert(key, value);
            }
            Ok(out)
        }
    }

    d.deserialize_map(Unique(PhantomData))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    #[derive(serde::Deserialize, Debug)]
    struct Holder {
        #[serde(deserialize_with = "super::map")]
        m: BTreeMap<String, u32>,
    }

    #[test]
    fn a_repeated_key_is_refused_with_its_name_and_distinct_keys_load() {
        let ok: Holder = ron::from_str(r#"(m: {"a": 1, "b": 2})"#).unwrap();
        assert_eq!(ok.m.len(), 2);
        let err = ron::from_str::<Holder>(r#"(m: {"a": 1, "a": 2})"#).unwrap_err();
        assert!(err.to_string().contains("键“a”出现了两次"), "{err}");
    }
}
