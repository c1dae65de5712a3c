//! Resolves the `paging` and `chunk` entries of a method against its parameters and its
//! answer type, so that the emitter only declares what the runtime needs: which parameter
//! carries the cursor, where the items and the next cursor are in the answer, which id list
//! has a maximum.

use crate::catalogue::{ChunkDef, PagingDef};
use crate::model::{
    Chunk, CursorAt, Field, FieldRef, ItemsAt, Method, Model, Paging, PagingBy, Ty,
};

fn field_ref(field: &Field) -> FieldRef {
    FieldRef {
        rust_name: field.rust_name.clone(),
        required: field.required,
    }
}

/// The item type of a list type, and whether it is the lenient list.
fn list_item(ty: &Ty) -> Option<(&Ty, bool)> {
    match ty {
        Ty::List(item) => Some((item, false)),
        Ty::Listed(item) => Some((item, true)),
        _ => None,
    }
}

/// The paging of `method`, or `None` with the problem reported.
pub fn resolve_paging(
    at: &str,
    def: &PagingDef,
    method: &Method,
    models: &[Model],
    errors: &mut Vec<String>,
) -> Option<Paging> {
    let mut fail = |message: String| {
        errors.push(format!("{at}: paging: {message}"));
        None
    };
    let param = |name: &str| method.params.iter().find(|p| p.api_name == name);
    // The answer: a list, or a model with the items, the cursor and `has_more`.
    let model = match &method.returns {
        Ty::Model(name) => models.iter().find(|m| &m.name == name),
        _ => None,
    };
    let model_field = |name: &str| model.and_then(|m| m.fields.iter().find(|f| f.api_name == name));
    let (items, item) = match (&def.items, list_item(&method.returns), model) {
        (None, Some((item, listed)), _) => (ItemsAt::Whole { listed }, item.clone()),
        (Some(name), _, Some(_)) => match model_field(name) {
            Some(field) => match list_item(&field.ty) {
                Some((item, listed)) => (
                    ItemsAt::Field {
                        field: field_ref(field),
                        listed,
                    },
                    item.clone(),
                ),
                None => return fail(format!("the answer field `{name}` is not a list")),
            },
            None => return fail(format!("the answer has no field `{name}`")),
        },
        (None, None, Some(model)) => {
            let lists: Vec<&Field> = model
                .fields
                .iter()
                .filter(|f| list_item(&f.ty).is_some())
                .collect();
            match lists.as_slice() {
                [field] => {
                    let (item, listed) = list_item(&field.ty)?;
                    (
                        ItemsAt::Field {
                            field: field_ref(field),
                            listed,
                        },
                        item.clone(),
                    )
                }
                _ => return fail("name the list of items with `items`".to_owned()),
            }
        }
        _ => return fail("the answer is neither a list nor a model".to_owned()),
    };
    let more = match &def.more {
        Some(name) => match model_field(name) {
            Some(field) if matches!(field.ty, Ty::Bool | Ty::Flag) => Some(field_ref(field)),
            _ => return fail(format!("the answer has no boolean field `{name}`")),
        },
        None => model_field("has_more")
            .or_else(|| model_field("hasMore"))
            .filter(|f| matches!(f.ty, Ty::Bool | Ty::Flag))
            .map(field_ref),
    };
    let by = match (&def.cursor, &def.offset) {
        (Some(cursor), None) => {
            let Some(param) = param(cursor).filter(|p| p.ty == Ty::Str && !p.required) else {
                return fail(format!("`{cursor}` is not an optional string parameter"));
            };
            let next = match (&def.next_item, &def.next) {
                (Some(item_field), None) => {
                    let Ty::Model(item_model) = &item else {
                        return fail("`next_item` needs items that are models".to_owned());
                    };
                    let found = models
                        .iter()
                        .find(|m| &m.name == item_model)
                        .and_then(|m| m.fields.iter().find(|f| &f.api_name == item_field));
                    match found {
                        Some(field) => CursorAt::LastItem(field.rust_name.clone()),
                        None => return fail(format!("the items have no field `{item_field}`")),
                    }
                }
                (None, next) => {
                    let name = next.as_deref().unwrap_or(cursor);
                    match model_field(name) {
                        Some(field) if field.ty == Ty::Str => CursorAt::Field(field_ref(field)),
                        _ => return fail(format!("the answer has no string field `{name}`")),
                    }
                }
                (Some(_), Some(_)) => {
                    return fail("give `next` or `next_item`, not both".to_owned());
                }
            };
            PagingBy::Cursor {
                param: param.rust_name.clone(),
                next,
            }
        }
        (None, Some(offset)) => match param(offset).filter(|p| p.ty == Ty::Int && !p.required) {
            Some(param) => PagingBy::Offset {
                param: param.rust_name.clone(),
            },
            None => return fail(format!("`{offset}` is not an optional int parameter")),
        },
        _ => return fail("give exactly one of `cursor` and `offset`".to_owned()),
    };
    Some(Paging {
        by,
        items,
        item,
        more,
    })
}

/// The chunked id list of `method`, or `None` with the problem reported.
pub fn resolve_chunk(
    at: &str,
    def: &ChunkDef,
    method: &Method,
    errors: &mut Vec<String>,
) -> Option<Chunk> {
    let param = method.params.iter().find(|p| p.api_name == def.param);
    let fits = param.is_some_and(|p| p.required && matches!(p.ty, Ty::List(_)));
    let joinable = list_item(&method.returns).is_some();
    if !fits || !joinable || def.max == 0 {
        errors.push(format!(
            "{at}: chunk: `{}` must be a required list parameter, the answer a list and `max` \
             above 0",
            def.param
        ));
        return None;
    }
    Some(Chunk {
        param: param?.rust_name.clone(),
        api_name: def.param.clone(),
        max: def.max,
    })
}
